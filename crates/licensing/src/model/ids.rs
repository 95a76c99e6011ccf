//! Identifier newtypes owned by licensing.

use catalog::uuid_id;

uuid_id!(
    /// Identifies one published version of an open-license offer.
    OfferId
);
uuid_id!(
    /// Identifies a license granted by accepting an offer.
    LicenseId
);
uuid_id!(
    /// Identifies one obligation (an amount due on a date) of a license.
    ObligationId
);
uuid_id!(
    /// Identifies a recorded payment.
    PaymentId
);
