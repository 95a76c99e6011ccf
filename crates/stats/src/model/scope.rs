//! Whose figures a caller sees: operators all, a university its own, an enterprise none.

use catalog::model::actor::Actor;
use catalog::model::ids::OrganizationId;
use catalog::model::organization::OrganizationKind;

use crate::{Error, Result};

/// The organizations a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    /// One university: as patentee (its patents, offers and the licenses it granted).
    University(OrganizationId),
}

impl Scope {
    /// Operators see everything and a university its own figures; enterprises are refused.
    pub fn of(actor: &Actor) -> Result<Scope> {
        match actor.kind {
            OrganizationKind::Operator => Ok(Scope::All),
            OrganizationKind::University => Ok(Scope::University(actor.organization_id)),
            OrganizationKind::Enterprise => {
                Err(Error::RoleNotAllowed { action: "read statistics (operators and universities)" })
            }
        }
    }

    /// Operators only (the audit trail, the matching-feedback summary).
    pub fn operator(actor: &Actor, action: &'static str) -> Result<Scope> {
        match actor.kind {
            OrganizationKind::Operator => Ok(Scope::All),
            _ => Err(Error::RoleNotAllowed { action }),
        }
    }

    pub fn organization(self) -> Option<OrganizationId> {
        match self {
            Scope::All => None,
            Scope::University(id) => Some(id),
        }
    }
}
