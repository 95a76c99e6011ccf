//! Identifier newtypes owned by the catalog.

/// Declares a UUID identifier newtype (serde-transparent, `Display`, `FromStr`, time-ordered
/// `generate`). Exported so every crate that owns ids declares them the same way; the caller
/// needs `serde` and `uuid`, and its own `openapi` feature decides the schema derive.
#[macro_export]
macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        pub struct $name(pub ::uuid::Uuid);

        impl $name {
            /// A new, time-ordered identifier (UUID v7 keeps B-tree inserts local).
            pub fn generate() -> Self {
                Self(::uuid::Uuid::now_v7())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                ::uuid::Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(
    /// Identifies an organization (university, enterprise or the platform operator).
    OrganizationId
);
uuid_id!(
    /// Identifies a patent in the catalog.
    PatentId
);
uuid_id!(
    /// Identifies one recorded legal-status event.
    EventId
);
