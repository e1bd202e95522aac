//! Creating the identity (DOC, ENR): the document question, the typed data and their confirmation, the stages, the counter route.
