//! Bearer tokens (JWT, HS256) and the `Caller` extractor that every protected route takes.

use std::future::{Ready, ready};

use accounts::User;
use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use catalog::model::actor::Actor;
use catalog::model::ids::OrganizationId;
use catalog::model::organization::OrganizationKind;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode, errors::ErrorKind};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::config::AuthSettings;
use crate::error::{ApiError, ErrorCode};

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    org: Uuid,
    role: String,
    iss: String,
    iat: i64,
    exp: i64,
}

/// Issues and verifies tokens with the configured secret. Only HS256 is accepted, so tokens
/// signed with another algorithm or with `alg: none` are refused.
pub struct TokenService {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
    issuer: String,
}

impl std::fmt::Debug for TokenService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenService").field("issuer", &self.issuer).field("ttl", &self.ttl).finish_non_exhaustive()
    }
}

impl TokenService {
    pub fn new(settings: &AuthSettings) -> Self {
        let secret = settings.jwt_secret.expose().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[settings.issuer.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl: Duration::minutes(settings.token_ttl_minutes),
            issuer: settings.issuer.clone(),
        }
    }

    /// A signed token for `user` and when it expires.
    pub fn issue(&self, user: &User) -> Result<(String, DateTime<Utc>), ApiError> {
        let now = Utc::now();
        let expires_at = now + self.ttl;
        let claims = Claims {
            sub: user.id,
            org: user.organization_id.0,
            role: user.role.code().to_string(),
            iss: self.issuer.clone(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|error| ApiError::internal(&error))?;
        Ok((token, expires_at))
    }

    /// The caller a token stands for.
    pub fn verify(&self, token: &str) -> Result<Actor, ApiError> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation).map_err(|error| match error.kind() {
            ErrorKind::ExpiredSignature => ApiError::new(ErrorCode::TokenExpired, "访问令牌已过期，请重新登录"),
            _ => ApiError::new(ErrorCode::InvalidToken, "访问令牌无效"),
        })?;
        let kind = OrganizationKind::parse(&data.claims.role)
            .ok_or_else(|| ApiError::new(ErrorCode::InvalidToken, "访问令牌中的角色无效"))?;
        Ok(Actor { user_id: data.claims.sub, organization_id: OrganizationId(data.claims.org), kind })
    }
}

/// The authenticated caller of a route.
#[derive(Debug, Clone, Copy)]
pub struct Caller(pub Actor);

impl Caller {
    /// Refuses callers whose role is not one of `roles`.
    pub fn require(&self, roles: &[OrganizationKind], action: &str) -> Result<(), ApiError> {
        if roles.contains(&self.0.kind) {
            return Ok(());
        }
        Err(ApiError::new(ErrorCode::ForbiddenRole, format!("当前角色（{}）无权{action}", self.0.kind.code())))
    }
}

fn caller_from(request: &HttpRequest) -> Result<Caller, ApiError> {
    let Some(value) = request.headers().get(header::AUTHORIZATION) else {
        return Err(ApiError::new(ErrorCode::Unauthenticated, "缺少 Authorization: Bearer 访问令牌"));
    };
    let text = value.to_str().unwrap_or_default();
    let Some(token) = text.strip_prefix("Bearer ").map(str::trim).filter(|token| !token.is_empty()) else {
        return Err(ApiError::new(ErrorCode::InvalidToken, "Authorization 头应为 Bearer 加访问令牌"));
    };
    let Some(tokens) = request.app_data::<web::Data<TokenService>>() else {
        return Err(ApiError::internal(&std::io::Error::other("token service not configured")));
    };
    tokens.verify(token).map(Caller)
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(caller_from(request))
    }
}
