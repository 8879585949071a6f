//! xaso-core
