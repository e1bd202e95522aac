//! Who may create an Identité Numérique (ELIG): age, documents, smartphone, calling codes, no proxy.
