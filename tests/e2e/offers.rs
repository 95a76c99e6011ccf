//! Offers: publishing, linting, versions, withdrawal, suspension, search facts.
