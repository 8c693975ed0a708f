//! The parts of the OpenAPI document that belong to no single handler: its title, the
//! session cookie, and the answers every handler of a kind can give because of the extractors
//! it uses (a session, a JSON body, a path parameter). Each handler's `#[utoipa::path]` names
//! the rest.

use app::api::{ErrorBody, StaffCaseView};
use utoipa::openapi::path::{HttpMethod, Operation, Parameter, ParameterIn};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, RefOr, Response, ResponseBuilder, Server,
};
use utoipa::{PartialSchema, ToSchema};

/// The document before the handlers add their paths.
pub fn base() -> OpenApi {
    let components = ComponentsBuilder::new()
        .security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(crate::auth::SESSION_COOKIE))),
        )
        .schema(ErrorBody::name(), ErrorBody::schema())
        .build();
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("고객의 소리 (VOC) API")
                .version("1")
                .description(Some(
                    "Complaint and Voice-of-Customer management. Errors carry a Korean `message` and an English \
                     `message_en`; a 422 names every refused field under `fields`. Every call with a session may \
                     answer 403 `second_factor_required` (the code must follow the password), \
                     `password_change_required` or `second_factor_setup_required` (an authenticator app must be \
                     registered first) until signing in is complete.",
                ))
                .build(),
        )
        .servers(Some(vec![Server::new("/")]))
        .components(Some(components))
        .build()
}

fn error(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", ContentBuilder::new().schema(Some(ErrorBody::schema_ref())).build())
        .build()
        .into()
}

trait SchemaRef {
    fn schema_ref() -> RefOr<utoipa::openapi::schema::Schema>;
}
impl<T: ToSchema> SchemaRef for T {
    fn schema_ref() -> RefOr<utoipa::openapi::schema::Schema> {
        RefOr::Ref(utoipa::openapi::Ref::from_schema_name(T::name()))
    }
}

/// Adds the answers an operation gives because of how its handler is built, where its own
/// annotation does not already say them more precisely.
fn conventional(path: &str, method: &HttpMethod, op: &mut Operation) {
    let responses = &mut op.responses.responses;
    let mut add = |status: &str, description: &str| {
        responses.entry(status.to_owned()).or_insert_with(|| error(description));
    };
    if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
        add("401", "no session, or it has expired");
        add(
            "403",
            "the role may not, or signing in is not complete (`password_change_required`, \
             `second_factor_required`, `second_factor_setup_required`)",
        );
    }
    if op.request_body.is_some() {
        add("400", "the body is not JSON of the documented shape (`malformed_body`)");
    }
    let in_query = |p: &RefOr<Parameter>| matches!(p, RefOr::T(p) if p.parameter_in == ParameterIn::Query);
    if op.parameters.as_ref().is_some_and(|ps| ps.iter().any(in_query)) {
        add("400", "a query parameter of the wrong type (`malformed_query`)");
    }
    if path.contains('{') {
        add("404", "nothing at this address (an unknown id, or one that is not a number)");
    }
    if !matches!(method, HttpMethod::Get | HttpMethod::Head) {
        // The cross-site check refuses a browser request from another origin.
        add("403", "a cross-site request (`cross_site`)");
    }
}

/// A parameter in the address or a header is text or absent, never JSON `null`: an optional
/// one is not required, and its type is not nullable.
fn never_null(op: &mut Operation) {
    use utoipa::openapi::schema::{Schema, SchemaType, Type};
    for p in op.parameters.iter_mut().flatten() {
        if let RefOr::T(p) = p
            && let Some(RefOr::T(Schema::Object(o))) = p.schema.as_mut()
            && let SchemaType::Array(types) = &o.schema_type
        {
            let types: Vec<Type> = types.iter().filter(|t| **t != Type::Null).cloned().collect();
            o.schema_type = match types.as_slice() {
                [one] => SchemaType::Type(one.clone()),
                _ => SchemaType::Array(types),
            };
        }
    }
}

/// Applies [`conventional`] and [`never_null`] to every operation.
pub fn conventions(api: &mut OpenApi) {
    for (path, item) in api.paths.paths.iter_mut() {
        let ops = [
            (HttpMethod::Get, &mut item.get),
            (HttpMethod::Post, &mut item.post),
            (HttpMethod::Put, &mut item.put),
            (HttpMethod::Delete, &mut item.delete),
        ];
        for (method, op) in ops {
            if let Some(op) = op {
                conventional(path, &method, op);
                never_null(op);
            }
        }
    }
}

/// What an officer's step on a case answers: the case as it now stands, or why not. One set
/// for the steps that differ in nothing else.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code, clippy::large_enum_variant)] // Describes responses in the OpenAPI document only.
pub enum CaseStepAnswers {
    #[response(status = 200, description = "the case")]
    Case(StaffCaseView),
    #[response(status = 401, description = "no session")]
    NoSession(ErrorBody),
    #[response(status = 403, description = "the role may not")]
    NotPermitted(ErrorBody),
    #[response(status = 404, description = "no such case, or not visible to this user")]
    NotFound(ErrorBody),
    #[response(status = 409, description = "not possible in the current status")]
    InvalidTransition(ErrorBody),
    #[response(status = 422, description = "refused fields")]
    Refused(ErrorBody),
}
