//! The server's integration tests, in one binary (one link instead of one per file).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly on what it did not expect")]

mod activities;
mod api;
mod appeal;
mod calendar;
mod ccm;
mod client;
mod common;
mod complainant;
mod conduct;
mod contact_keys;
mod contacts;
mod copy;
mod evaluations;
mod events;
mod extension;
mod follow_up;
mod handling;
mod kiosks;
mod letter;
mod links;
mod materials;
mod multi;
mod notify;
mod panel;
mod parties;
mod practices;
mod process;
mod queue;
mod recurring;
mod reduction;
mod reports;
mod retention;
mod search;
mod security;
mod serious;
mod supplement;
mod templates;
mod trails;
mod training;
mod transfer;
mod two_factor;
