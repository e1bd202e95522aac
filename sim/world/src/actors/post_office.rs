//! Post offices (VER-05): the directory of `fixtures/post_offices.toml`, which offices
//! take part, what a person shows a clerk instead of their own document or code (VER-03),
//! and the counter visits the world remembers (`PostOffices::visits`). A person's visit
//! to a counter, and a clerk's report, are the world's (`world/post_office.rs`).

use crate::actors::person::PersonId;
use crate::fixtures::Fixtures;
use idn_contract::verification::{AgentCheck, CheckRecorded, DocumentShown};
use idn_contract::{CallError, PostOfficeId, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostOffice {
    pub id: PostOfficeId,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    /// Verifies identities (VER-05).
    pub participating: bool,
}

/// The post-office directory, and the visits people made to its counters.
#[derive(Debug, Clone, Default)]
pub struct PostOffices {
    offices: Vec<PostOffice>,
    visits: Vec<CounterVisit>,
}

/// What a person shows an agent (a clerk, the postman) instead of their own document or
/// the activation code they received (VER-03); `Shown::default()` changes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    /// The code they give instead of the one they received.
    pub activation_code: Option<String>,
    /// The document they show instead of the one they declared.
    pub document: Option<DocumentShown>,
}

impl Shown {
    pub(crate) fn apply(&self, check: &mut AgentCheck) {
        if let Some(code) = &self.activation_code {
            check.activation_code = code.clone();
        }
        if let Some(document) = &self.document {
            check.document = document.clone();
        }
    }
}

/// A visit to a counter, as the world remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterVisit {
    /// Whose request it is.
    pub person: PersonId,
    /// Who stood at the counter (VER-10).
    pub presenter: PersonId,
    pub office: PostOfficeId,
    pub at: Timestamp,
    /// What the counter did, or the SUT's answer to the clerk's report.
    pub outcome: Result<CounterOutcome, CallError>,
}

impl PostOffices {
    pub(crate) fn from_fixtures(fixtures: &Fixtures) -> Self {
        let offices = (fixtures.offices.iter())
            .map(|o| PostOffice {
                id: PostOfficeId::new(o.id.clone()),
                name: o.name.clone(),
                address: o.address.clone(),
                postcode: o.postcode.clone(),
                city: o.city.clone(),
                participating: o.participating,
            })
            .collect();
        Self { offices, visits: Vec::new() }
    }

    pub fn get(&self, id: &PostOfficeId) -> Option<&PostOffice> {
        self.offices.iter().find(|o| &o.id == id)
    }

    /// Every office, in the directory's order.
    pub fn all(&self) -> &[PostOffice] {
        &self.offices
    }

    pub fn participating(&self) -> impl Iterator<Item = &PostOffice> {
        self.offices.iter().filter(|o| o.participating)
    }

    /// Every visit to a counter, in order.
    pub fn visits(&self) -> &[CounterVisit] {
        &self.visits
    }

    /// Remembers a visit to a counter, after the others.
    pub(crate) fn remember(&mut self, visit: CounterVisit) {
        self.visits.push(visit);
    }
}

/// What happened at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CounterOutcome {
    /// The clerk checked and the SUT recorded the check.
    Checked(CheckRecorded),
    /// The office does not verify identities (VER-05): the clerk sends the person away.
    ServiceNotOffered,
    /// No office has this id in the directory.
    UnknownOffice,
}
