//! # accounts
//!
//! Owns users: registration of an organization with its first user, password hashing
//! (argon2id), credential checks and roles. A user's role is its organization's kind
//! (university, enterprise, operator); organizations themselves belong to `catalog`.
//!
//! Entry points: [`register`], [`authenticate`], [`user`], [`create_operator`].
//!
//! Invariants:
//! - passwords are stored only as argon2id PHC strings; weak passwords are refused;
//! - e-mail addresses are unique, compared lower-case;
//! - an organization and its first user are created in one transaction, or neither is;
//! - token issuing and verification live in `server`, the only crate that knows the wire.

mod error;
mod password;
mod service;
mod store;

pub use error::{Error, Result};
pub use password::{PasswordPolicyError, check_password_policy};
pub use service::{NewUser, Registration, User, authenticate, create_operator, register, user};
