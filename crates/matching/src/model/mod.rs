//! Plain types and pure rules of matching.

pub mod demand;
pub mod facts;
pub mod feedback;
pub mod ids;
pub mod notification;
pub mod score;
pub mod settings;
