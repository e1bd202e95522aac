//! Activating the app (ACT): eligibility of the smartphone, SMS code, secret-code rules, one smartphone at a time, the identity's 5 years.
