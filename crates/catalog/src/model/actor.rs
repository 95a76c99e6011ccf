//! Who is asking: every service call carries the caller so scoping is enforced in one place.

use uuid::Uuid;

use super::ids::OrganizationId;
use super::organization::OrganizationKind;

/// The authenticated caller: a user acting for an organization of a given kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub organization_id: OrganizationId,
    pub kind: OrganizationKind,
}

impl Actor {
    pub fn is_university(&self) -> bool {
        self.kind == OrganizationKind::University
    }

    /// Whether the caller's organization is `organization_id`.
    pub fn belongs_to(&self, organization_id: OrganizationId) -> bool {
        self.organization_id == organization_id
    }
}
