//! HTTP routes. Handlers are a few lines: extract, call a service, map the result.

mod accounts;
pub mod health;

mod demands;
mod import;
mod licenses;
mod notifications;
mod offers;
mod organizations;
mod patents;
mod search;
mod stats;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every route; the OpenAPI document is collected from the same registrations.
pub fn configure(config: &mut ServiceConfig) {
    config.service(health::healthz).service(health::metrics).service(
        scope("/api/v1")
            .service(health::openapi_json)
            .service(accounts::register)
            .service(accounts::login)
            .service(accounts::me)
            .service(organizations::list)
            .service(organizations::verify)
            // `/patents/import` before `/patents/{id}` routes so the literal segment wins.
            .service(import::import)
            .service(patents::create)
            .service(patents::list)
            .service(patents::show)
            .service(patents::update)
            .service(patents::record_event)
            .service(patents::events)
            .service(patents::eligibility)
            .service(offers::preview)
            .service(offers::publish)
            .service(offers::patent_offers)
            .service(offers::show)
            .service(offers::withdraw)
            .service(offers::pricing_guidance)
            .service(licenses::accept)
            .service(licenses::list)
            .service(licenses::show)
            .service(licenses::confirm)
            .service(licenses::exit)
            .service(licenses::terminate)
            .service(licenses::report)
            .service(licenses::reports)
            .service(licenses::obligations)
            .service(licenses::pay)
            .service(licenses::payments)
            .service(licenses::recordation_proof)
            .service(licenses::record)
            .service(licenses::list_reminders)
            .service(demands::create)
            .service(demands::list)
            .service(demands::show)
            .service(demands::update)
            .service(demands::matches)
            .service(demands::give_feedback)
            .service(demands::demand_feedback)
            .service(demands::patent_feedback)
            .service(demands::patent_demands)
            .service(notifications::list)
            .service(notifications::mark_read)
            .service(search::search_patents)
            .service(stats::show_kpis)
            .service(stats::show_funnel)
            .service(stats::show_dormant)
            .service(stats::show_follow_ups)
            .service(stats::show_feedback)
            .service(stats::show_audit)
            .service(stats::export_csv),
    );
}
