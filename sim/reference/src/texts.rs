//! The French texts the reference sends and shows. Those listed in ARCHITECTURE.md ("Texts
//! the world and the features rely on") are verbatim; a text that carries a code states it
//! as its first standalone run of digits, so that a person (the world) can read it.

/// The sender of every e-mail.
pub(crate) const EMAIL_FROM: &str = "noreply@laposte.fr";

/// Subject of the e-mail code of the account (ACC-01) and of the Espace Client reset (ACC-07).
pub(crate) const EMAIL_CODE_SUBJECT: &str = "Votre code de vérification";

pub(crate) fn email_code_body(code: &str, ttl_s: u64) -> String {
    format!(
        "Bonjour,\n\nVotre code de vérification est {code}.\n\n\
         Ce code est valable {}. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n\
         L'Identité Numérique La Poste",
        duration_fr(ttl_s)
    )
}

/// Subject of the e-mail that confirms "Nouveau numéro" in the app (FRAUD-02).
pub(crate) const NEW_NUMBER_SUBJECT: &str = "Confirmez votre nouveau numéro de mobile";

pub(crate) fn new_number_body(code: &str, last4: &str) -> String {
    // The code comes first: a person reads the first run of digits (ARCHITECTURE.md).
    format!(
        "Bonjour,\n\nVotre code de confirmation est {code}. Saisissez-le dans l'application pour activer \
         L'Identité Numérique sur un smartphone avec le numéro se terminant par {last4}.\n\n\
         Si vous n'êtes pas à l'origine de cette demande, ne communiquez ce code à personne et bloquez votre Identité Numérique.\n\n\
         L'Identité Numérique La Poste"
    )
}

/// The account SMS (ACC-04), a 4-digit code.
pub(crate) fn account_sms(code: &str) -> String {
    format!("L'Identité Numérique La Poste : votre code de vérification est {code}.")
}

/// The activation code of the postman and post-office modes (VER-02).
pub(crate) fn activation_sms(code: &str) -> String {
    format!(
        "L'Identité Numérique La Poste : votre code d'activation est {code}. Présentez-le avec votre pièce d'identité."
    )
}

/// The SMS code of the app's challenges and of a change of number.
pub(crate) fn app_sms(code: &str) -> String {
    format!("L'Identité Numérique La Poste : votre code est {code}.")
}

/// ENR-01: after a counter enrolment.
pub(crate) const COUNTER_SMS: &str = "Votre Identité Numérique a été créée en bureau de poste. Téléchargez l'application L'Identité Numérique pour l'activer.";

/// VER-06: after a successful verification.
pub(crate) const VERIFIED_SUBJECT: &str = "Dernière étape : activez votre Identité Numérique";

pub(crate) const VERIFIED_BODY: &str = "Bonjour,\n\nVotre identité a bien été vérifiée. \
    Dernière étape : installez l'application L'Identité Numérique sur votre smartphone, \
    appuyez sur « Commencer » et connectez-vous avec votre Compte La Poste pour activer \
    votre Identité Numérique.\n\nL'Identité Numérique La Poste";

/// ACC-06: the reset link of the Compte La Poste.
pub(crate) const RESET_LINK_SUBJECT: &str = "Réinitialisation de votre mot de passe";
pub(crate) const RESET_LINK_BASE: &str = "https://moncompte.laposte.fr/reinitialisation?token=";

pub(crate) fn reset_link_body(token: &str) -> String {
    format!(
        "Bonjour,\n\nPour choisir un nouveau mot de passe, suivez ce lien, valable 2 heures :\n\
         {RESET_LINK_BASE}{token}\n\n\
         Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n\
         L'Identité Numérique La Poste"
    )
}

/// ACT-04: the push notification of a login request.
pub(crate) const PUSH_TITLE: &str = "L'Identité Numérique";

pub(crate) fn push_body(service: &str) -> String {
    format!("Demande de connexion à {service}")
}

/// AUTH-02: the service's page while waiting.
pub(crate) const PAGE_WAITING: &str =
    "Une action est en attente sur votre application L'Identité Numérique";
/// AUTH-01: the service's page once approved.
pub(crate) const PAGE_APPROVED: &str = "Identification réussie";

/// VER-07: the Espace Client after a missed postman visit.
pub(crate) const MISSED_VISIT: &str = "Attention, votre rendez-vous n'a pas eu lieu. La vérification de votre identité Numérique n'a pas abouti.";
pub(crate) const ACTION_NEW_APPOINTMENT: &str = "PRENDRE UN NOUVEAU RENDEZ-VOUS";

/// VER-09: the Espace Client after a failed verification, and its three modes.
pub(crate) const VERIFICATION_FAILED: &str = "La vérification de votre identité a échoué.";
pub(crate) const ACTION_POSTMAN: &str = "Rencontrer votre facteur";
pub(crate) const ACTION_POST_OFFICE: &str = "Passage en bureau de poste";
pub(crate) const ACTION_ONLINE: &str = "Vérifier mon identité en ligne";
pub(crate) const ACTIONS_MODES: [&str; 3] = [ACTION_POSTMAN, ACTION_POST_OFFICE, ACTION_ONLINE];

/// VER-08: the Espace Client while a postman or post-office verification is under way.
pub(crate) const ACTION_CHANGE_MODE: &str = "Changer le mode de vérification";
/// The Espace Client while the online verification waits for AR24 (VER-08, AR24-07).
pub(crate) const ONLINE_PENDING: &str = "Votre vérification en ligne est en cours avec AR24 : le mode de vérification ne peut pas être changé avant l'expiration de la lettre recommandée électronique.";
/// AR24-07: the identification is done, the review is under way.
pub(crate) const ONLINE_REVIEW: &str = "Votre identification a bien été reçue par AR24 : le résultat de la vérification vous sera envoyé par e-mail sous 24 à 48 heures.";
/// AR24-04: the letter expired unread.
pub(crate) const LETTER_EXPIRED: &str =
    "Votre lettre recommandée électronique a expiré. Choisissez un mode de vérification.";
/// The Espace Client of a verified identity (ACT-01).
pub(crate) const DOWNLOAD_APP: &str =
    "Votre identité est vérifiée. Téléchargez l'application L'Identité Numérique pour l'activer.";
/// MGT-05: a blocked identity.
pub(crate) const BLOCKED: &str = "Votre Identité Numérique est bloquée.";
pub(crate) const ACTION_UNBLOCK: &str = "Débloquer mon Identité Numérique";
/// ACT-06: an expired identity.
pub(crate) const EXPIRED: &str =
    "Votre Identité Numérique a expiré : supprimez-la et créez-en une nouvelle.";

/// "15 minutes", "2 heures", "45 secondes": how long a code lives, in words.
fn duration_fr(seconds: u64) -> String {
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n > 1 { "s" } else { "" });
    if seconds.is_multiple_of(3600) {
        plural(seconds / 3600, "heure")
    } else if seconds.is_multiple_of(60) {
        plural(seconds / 60, "minute")
    } else {
        plural(seconds, "seconde")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use idn_contract::outbound::reading::read_code;

    // Checks that every text with a code gives that code as its first standalone digit run.
    #[test]
    fn codes_are_the_first_digit_run() {
        assert_eq!(read_code(&email_code_body("042917", 900)).as_deref(), Some("042917"));
        assert_eq!(read_code(&email_code_body("042917", 86_400)).as_deref(), Some("042917"));
        assert_eq!(read_code(&account_sms("0042")).as_deref(), Some("0042"));
        assert_eq!(read_code(&activation_sms("123456")).as_deref(), Some("123456"));
        assert_eq!(read_code(&app_sms("654321")).as_deref(), Some("654321"));
        assert_eq!(read_code(&new_number_body("246810", "3456")).as_deref(), Some("246810"));
        assert_eq!(read_code(&reset_link_body("k3f9a2b7")), None);
        assert_eq!(duration_fr(900), "15 minutes");
        assert_eq!(duration_fr(7200), "2 heures");
    }
}
