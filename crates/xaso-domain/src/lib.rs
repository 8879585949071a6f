//! xaso-domain
