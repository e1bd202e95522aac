//! Notifications that do not arrive (PUSH-01, PUSH-02, AUTH-04), and the pending request found by opening the app.
