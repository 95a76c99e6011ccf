//! Licensing's errors. `server` maps each variant to an HTTP problem.

use catalog::model::eligibility::RuleFailure;
use catalog::model::field_error::FieldError;

/// Everything a licensing operation can refuse.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// Publishing refused: the lint found problems (eligibility, caps, words, term, fields).
    #[error("the offer cannot be published")]
    OfferRejected(Vec<FieldError>),
    #[error("this role may not {action}")]
    RoleNotAllowed { action: &'static str },
    #[error("offer not found")]
    OfferNotFound,
    #[error("license not found")]
    LicenseNotFound,
    #[error("obligation not found")]
    ObligationNotFound,
    #[error("the offer was withdrawn")]
    OfferWithdrawn,
    #[error("the offer was replaced by a newer version")]
    OfferSuperseded { current: Option<crate::model::ids::OfferId> },
    #[error("the offer is suspended")]
    OfferSuspended(Vec<RuleFailure>),
    #[error("the enterprise already holds a live license of this patent")]
    LicenseExists { license_id: crate::model::ids::LicenseId },
    #[error("the idempotency key was used for another request")]
    IdempotencyKeyReused,
    #[error("the license is {state}, so it cannot {action}")]
    TransitionNotAllowed { state: &'static str, action: &'static str },
    #[error("only a licensee can terminate now; the patentee may terminate once a payment is overdue")]
    TerminationNotAllowed,
    #[error("a report for this period exists")]
    ReportExists { period_index: u32 },
    #[error("the payment exceeds the outstanding amount")]
    Overpayment { outstanding_fen: i64 },
    #[error("the license is already recorded")]
    AlreadyRecorded,
    #[error("catalog: {0}")]
    Catalog(#[from] catalog::Error),
    #[error("a concurrent write changed the same rows; nothing was written")]
    ConcurrentWrite,
    #[error("storage failure")]
    Storage(#[from] sea_orm::DbErr),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
