//! A notification the user did not ask for (FRAUD): refuse, block, change password, unblock; the attacker never logs in.
