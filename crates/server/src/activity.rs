//! Page views for the funnel, written off the request path: handlers queue an event without
//! waiting, and one task writes whatever has queued up in a single insert.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sea_orm::DatabaseConnection;
use stats::service::activity::{ActivityEvent, record};
use tokio::sync::mpsc;

/// Most events written by one insert.
const BATCH: usize = 500;

/// Queues activity events for the background writer.
#[derive(Debug)]
pub struct ActivityRecorder {
    sender: mpsc::Sender<ActivityEvent>,
    dropped: AtomicU64,
}

impl ActivityRecorder {
    /// Starts the writer task; at most `capacity` events wait to be written.
    pub fn start(db: DatabaseConnection, capacity: usize) -> Arc<Self> {
        let (sender, receiver) = mpsc::channel(capacity);
        tokio::spawn(write_batches(db, receiver));
        Arc::new(Self { sender, dropped: AtomicU64::new(0) })
    }

    /// Queues `event`; when the queue is full the event is dropped and counted, never waited on.
    pub fn record(&self, event: ActivityEvent) {
        if self.sender.try_send(event).is_err() {
            let dropped = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            if dropped.is_power_of_two() {
                tracing::warn!(dropped, "activity queue full; page views dropped from the funnel");
            }
        }
    }
}

async fn write_batches(db: DatabaseConnection, mut receiver: mpsc::Receiver<ActivityEvent>) {
    let mut batch = Vec::with_capacity(BATCH);
    while receiver.recv_many(&mut batch, BATCH).await > 0 {
        if let Err(error) = record(&db, &batch).await {
            tracing::warn!(%error, events = batch.len(), "writing activity events failed");
        }
        batch.clear();
    }
}
