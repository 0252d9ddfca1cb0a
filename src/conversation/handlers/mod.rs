//! One file per group of commands. Pure handlers are free functions; handlers that read or
//! write the store are methods of [`super::Conversation`].

pub(crate) mod announce;
pub(crate) mod announce_schedule;
pub(crate) mod announce_view;
pub(crate) mod ask;
pub(crate) mod audit_log;
pub(crate) mod checklist_browse;
pub(crate) mod checklist_file;
pub(crate) mod checklist_summary;
pub(crate) mod channel_tlp;
pub(crate) mod checklist_walk;
pub(crate) mod member_data;
pub(crate) mod moderate;
pub(crate) mod moderate_card;
pub(crate) mod moderate_choice;
pub(crate) mod reading;
pub(crate) mod settings;
pub(crate) mod staff;
pub(crate) mod submit;
pub(crate) mod submit_choice;
pub(crate) mod subscribe;
pub(crate) mod welcome;
