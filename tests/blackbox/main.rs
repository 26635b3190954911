//! Black-box tests: each starts the real server on port 0 with its own
//! database (SQLite always; PostgreSQL when `HEARINGS_TEST_DATABASE_URL` is
//! set) and talks to it over HTTP only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account;
mod analysis;
mod api;
mod briefing;
mod browser;
mod campaigns;
mod clock;
mod corrections;
mod documents;
mod drafts;
mod exports;
mod fields;
mod hearing_list;
mod inquiries;
mod mail;
mod members;
mod memo;
mod my_responses;
mod outcome;
mod pages;
mod reference;
mod staff;
mod submissions;
mod support;
