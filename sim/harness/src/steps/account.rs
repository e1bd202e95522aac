//! The Compte La Poste (ACC): e-mail code, spam, existing account, password, mobile and SMS code with its cooldown, names, CGU, forgotten password.
