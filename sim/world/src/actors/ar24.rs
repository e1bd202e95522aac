//! AR24, the electronic registered letter (LRE) service of online verification (AR24-01
//! to AR24-09): its letters and their states, the visual identification (AR24-05) and the
//! devices it runs on (AR24-06), and the texts of its e-mails. What AR24 does over time,
//! delivering, reminding, expiring, reviewing and purging, each step reported to the SUT,
//! is the world's (`world/ar24.rs`).

use idn_contract::{DeclaredIdentity, LetterId, Timestamp};
use std::collections::BTreeMap;

/// The sender of AR24's e-mails.
pub const AR24_SENDER: &str = "AR24 <notifications@ar24.fr>";
/// The subject of the letter's e-mail (AR24-02).
pub const LETTER_SUBJECT: &str = "Vous avez reçu un courrier recommandé électronique";
/// The subject of the reminder (AR24-03).
pub const REMINDER_SUBJECT: &str = "Rappel : Vous avez reçu un courrier recommandé électronique";
/// The subject of the review's result (AR24-07).
pub const RESULT_SUBJECT: &str = "Résultat de la vérification de votre identité";

/// The visual identification, its three actions (AR24-05), and who did it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identification {
    /// (1) The document's photo: in force, good condition, out of its sleeve, sharp, no
    /// glare, an original.
    pub document_photo_ok: bool,
    /// (2) The face on video saying 3 digits (or showing them written).
    pub face_video_ok: bool,
    /// (3) Tilting the document or turning the head.
    pub tilt_ok: bool,
    /// Someone other than the holder did it (ELIG-05): a fraud, whose data AR24 keeps.
    pub by_impostor: bool,
}

impl Identification {
    /// The holder does all three actions well.
    pub fn genuine() -> Self {
        Self { document_photo_ok: true, face_video_ok: true, tilt_ok: true, by_impostor: false }
    }

    /// Why the review refuses it, if it does.
    pub fn rejection(&self) -> Option<&'static str> {
        if self.by_impostor {
            Some("la personne filmée n'est pas le titulaire de la pièce d'identité")
        } else if !self.document_photo_ok {
            Some("la photo de la pièce d'identité n'est pas exploitable")
        } else if !self.face_video_ok {
            Some("la vidéo du visage n'est pas exploitable")
        } else if !self.tilt_ok {
            Some("le mouvement de la pièce ou de la tête n'a pas été fait")
        } else {
            None
        }
    }
}

/// Where the visual identification runs (AR24-06): a smartphone, or a computer, which
/// needs a webcam and Google Chrome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ar24Device {
    Smartphone,
    Computer { webcam: bool, chrome: bool },
}

impl Ar24Device {
    /// What AR24's page says when the identification cannot run on this device, if it
    /// cannot.
    pub fn unsupported(self) -> Option<&'static str> {
        match self {
            Ar24Device::Smartphone | Ar24Device::Computer { webcam: true, chrome: true } => None,
            Ar24Device::Computer { webcam: false, .. } => Some(
                "Aucune webcam détectée : l'identification visuelle nécessite un smartphone ou un ordinateur équipé d'une webcam.",
            ),
            Ar24Device::Computer { chrome: false, .. } => Some(
                "Navigateur non compatible : l'identification visuelle nécessite Google Chrome ou un smartphone.",
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterState {
    /// Asked for, not yet delivered.
    Sending,
    Delivered,
    /// "Je ne suis pas cette personne".
    Declined,
    UnderReview,
    Verified,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub id: LetterId,
    pub recipient_email: String,
    /// What the identification is checked against.
    pub identity: DeclaredIdentity,
    pub requested_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
    pub state: LetterState,
    /// "Voir mon courrier" was clicked.
    pub opened: bool,
    /// Past its 15 days: no longer readable (AR24-04).
    pub expired: bool,
    pub identification: Option<Identification>,
    /// When the visual identification was done (the review's 24 to 48 hours start then).
    pub identified_at: Option<Timestamp>,
    pub reviewed_at: Option<Timestamp>,
    /// AR24 still stores the document photo and the video (AR24-08).
    pub data_held: bool,
}

/// What the recipient sees after "Voir mon courrier" (AR24-02).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterView {
    pub letter: LetterId,
    pub choices: [&'static str; 2],
}

/// AR24's letters, in the order the SUT asked for them.
#[derive(Debug, Default)]
pub struct Ar24 {
    letters: BTreeMap<LetterId, Letter>,
    order: Vec<LetterId>,
}

impl Ar24 {
    pub fn letter(&self, id: &LetterId) -> Option<&Letter> {
        self.letters.get(id)
    }

    /// Every letter, in the order the SUT asked for them.
    pub fn letters(&self) -> impl Iterator<Item = &Letter> {
        self.order.iter().filter_map(|id| self.letters.get(id))
    }

    /// AR24 still stores the identification data of `letter` (AR24-08).
    pub fn holds_identification_data(&self, letter: &LetterId) -> bool {
        self.letters.get(letter).is_some_and(|l| l.data_held)
    }

    /// The latest delivered letter to `email`.
    pub fn latest_delivered_to(&self, email: &str) -> Option<&Letter> {
        self.letters().filter(|l| l.recipient_email == email && l.delivered_at.is_some()).last()
    }

    /// Keeps a letter the SUT asked for; asked again, it keeps its place in the order.
    pub(crate) fn insert(&mut self, letter: Letter) {
        let id = letter.id.clone();
        if self.letters.insert(id.clone(), letter).is_none() {
            self.order.push(id);
        }
    }

    /// The letter `id`, to change. Only the world's own events name a letter, so an
    /// unknown one is a bug.
    pub(crate) fn letter_mut(&mut self, id: &LetterId) -> &mut Letter {
        self.letters.get_mut(id).expect("a letter AR24 knows")
    }
}

/// The text of the letter's e-mail and of its reminder (AR24-02, AR24-03).
pub(crate) fn letter_body(letter: &Letter) -> String {
    let names = letter.identity.given_names.join(" ");
    format!(
        "Bonjour {names} {},\n\nVous avez reçu un courrier recommandé électronique de La Poste - \
         L'Identité Numérique. Vous disposez de quinze jours pour en prendre connaissance.\n\n\
         Voir mon courrier : https://www.ar24.fr/lre/consulter?ref={}\n\nAR24",
        letter.identity.birth_name, letter.id
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks AR24-06: a smartphone, or a computer with a webcam and Google Chrome; nothing else.
    #[test]
    fn identification_devices() {
        assert_eq!(Ar24Device::Smartphone.unsupported(), None);
        assert_eq!(Ar24Device::Computer { webcam: true, chrome: true }.unsupported(), None);
        assert!(Ar24Device::Computer { webcam: false, chrome: true }.unsupported().is_some());
        assert!(Ar24Device::Computer { webcam: true, chrome: false }.unsupported().is_some());
        assert!(Ar24Device::Computer { webcam: false, chrome: false }.unsupported().is_some());
    }
}
