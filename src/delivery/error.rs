//! Errors of the scheduler and the delivery workers.

use crate::store::StoreError;

use crate::digest::filters::FilterError;

/// A failed delivery operation, naming the operation and the value involved.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("failed to {operation}: {source}")]
    Store {
        operation: String,
        #[source]
        source: StoreError,
    },

    #[error("cannot schedule subscription {subscription}: {source}; the chat's administrator must correct the filter")]
    Filters {
        subscription: i64,
        #[source]
        source: FilterError,
    },

    #[error("failed to encode outbox message {key}: {source}")]
    Encode {
        key: String,
        #[source]
        source: serde_json::Error,
    },
}

/// Returns a closure for `map_err` that wraps a store error from `operation`.
pub(super) fn store_error(operation: impl Into<String>) -> impl FnOnce(StoreError) -> DeliveryError {
    let operation = operation.into();
    move |source| DeliveryError::Store { operation, source }
}
