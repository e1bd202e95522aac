//! Online verification with AR24 (AR24, ACT-07, DOC-06): the LRE, its reminder and expiry, the visual identification, the review, the purge.
