//! Verifying the identity by the postman and at the post office (VER): appointments, activation code, missed visits, changes of mode, failures, impostors.
