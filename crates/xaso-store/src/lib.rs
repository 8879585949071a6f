//! xaso-store
