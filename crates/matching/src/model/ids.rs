//! Identifier newtypes owned by matching.

use catalog::uuid_id;

uuid_id!(
    /// Identifies an enterprise's technical demand (技术需求).
    DemandId
);
uuid_id!(
    /// Identifies one notification to an organization.
    NotificationId
);
