//! Account security: sign-up with a verification link, password reset by
//! e-mail, and signing out everywhere.
//!
//! A one-time link carries a fresh secret; `account_tokens` keeps only its
//! SHA-256, with its purpose, its user, its expiry and when it was used. The
//! e-mail with the link is put in the outbox in the same transaction as the
//! token row, so there is no link that does not work and no token without
//! its e-mail. A link is used at most once: the row is marked used only if
//! it was still unused, in the transaction that makes the change.

use chrono::{DateTime, Utc};
use hearings_core::UserId;
use hearings_core::account::{TokenError, TokenPurpose, check_token};
use hearings_core::input::{FieldError, NewRegistration};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::accounts::{hash_password, new_token, token_id};
use crate::entity::{account_token, session, user};
use crate::outbox::{MessageKind, enqueue};
use crate::{Account, Store, StoreError};

/// Makes a one-time link for `user` on `conn` and queues its e-mail to `to`.
async fn send_link<C: ConnectionTrait>(
    store: &Store,
    conn: &C,
    user: UserId,
    to: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let token = new_token();
    let expires_at = now + purpose.lifetime();
    account_token::Entity::insert(account_token::ActiveModel {
        id: Set(token_id(&token)),
        purpose: Set(purpose.as_str().to_string()),
        user_id: Set(user.0),
        created_at: Set(now),
        expires_at: Set(expires_at),
        used_at: Set(None),
    })
    .exec(conn)
    .await?;
    let (kind, (subject, body)) = match purpose {
        TokenPurpose::Verify => (
            MessageKind::Verify,
            hearings_i18n::verification_email(
                &store.link(&format!("/verify?token={token}")),
                expires_at,
            ),
        ),
        TokenPurpose::Reset => (
            MessageKind::Reset,
            hearings_i18n::reset_email(
                &store.link(&format!("/password-reset/confirm?token={token}")),
                expires_at,
            ),
        ),
    };
    let message = enqueue(conn, kind, to, subject, body, now).await?;
    tracing::info!(user_id = %user, purpose = %purpose, message_id = %message, "one-time link e-mailed");
    Ok(())
}

/// The unused, unexpired token row of `token` for `purpose`.
async fn live_token<C: ConnectionTrait>(
    conn: &C,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<account_token::Model, StoreError> {
    let row = account_token::Entity::find_by_id(token_id(token.trim()))
        .one(conn)
        .await?
        .filter(|t| t.purpose == purpose.as_str())
        .ok_or(TokenError::Unknown)?;
    check_token(row.expires_at, row.used_at, now)?;
    Ok(row)
}

/// Marks a token used at `now`, if nobody used it meanwhile.
async fn use_token<C: ConnectionTrait>(
    conn: &C,
    row: &account_token::Model,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let res = account_token::Entity::update_many()
        .col_expr(account_token::Column::UsedAt, Expr::value(Some(now)))
        .filter(account_token::Column::Id.eq(row.id.clone()))
        .filter(account_token::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    if res.rows_affected == 1 {
        Ok(())
    } else {
        Err(TokenError::Used.into())
    }
}

/// Ends every session of a user and makes their API tokens stop working.
async fn end_everything<C: ConnectionTrait>(conn: &C, user: UserId) -> Result<u64, StoreError> {
    let ended = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user.0))
        .exec(conn)
        .await?
        .rows_affected;
    user::Entity::update_many()
        .col_expr(
            user::Column::TokenGeneration,
            Expr::col(user::Column::TokenGeneration).add(1),
        )
        .filter(user::Column::Id.eq(user.0))
        .exec(conn)
        .await?;
    Ok(ended)
}

impl Store {
    /// Registers a respondent and their organisation, and e-mails the link
    /// that confirms the address (valid 48 hours), all in one transaction.
    /// Until the address is confirmed the respondent may sign in and fill in
    /// a response, but not submit one.
    #[tracing::instrument(skip_all)]
    pub async fn sign_up(
        &self,
        reg: NewRegistration,
        now: DateTime<Utc>,
    ) -> Result<Account, StoreError> {
        let hash = self.check_registration(&reg).await?;
        let txn = self.begin_write().await?;
        let account = self.insert_registration(&txn, reg, hash, now, None).await?;
        send_link(
            self,
            &txn,
            account.id,
            &account.email,
            TokenPurpose::Verify,
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(account)
    }

    /// E-mails a fresh verification link to an account whose address is not
    /// confirmed yet (older links keep working until they expire). Does
    /// nothing for a confirmed address.
    #[tracing::instrument(skip_all, fields(user_id = %account.id))]
    pub async fn resend_verification(
        &self,
        account: &Account,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let u = user::Entity::find_by_id(account.id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        if u.email_verified_at.is_some() {
            return Ok(());
        }
        let txn = self.begin_write().await?;
        send_link(self, &txn, account.id, &u.email, TokenPurpose::Verify, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Confirms the address of the verification link's account, and uses
    /// the link up. Returns the account.
    #[tracing::instrument(skip_all)]
    pub async fn verify_email(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Account, StoreError> {
        let txn = self.begin_write().await?;
        let row = live_token(&txn, token, TokenPurpose::Verify, now).await?;
        use_token(&txn, &row, now).await?;
        user::Entity::update_many()
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(Some(now)))
            .filter(user::Column::Id.eq(row.user_id))
            .filter(user::Column::EmailVerifiedAt.is_null())
            .exec(&txn)
            .await?;
        txn.commit().await?;
        tracing::info!(user_id = %row.user_id, "e-mail address verified");
        self.account(UserId(row.user_id)).await
    }

    /// E-mails a password-reset link (valid 1 hour) when an account has this
    /// address; does nothing otherwise. The caller answers the same either
    /// way, so nobody learns whether an address has an account.
    #[tracing::instrument(skip_all)]
    pub async fn request_password_reset(
        &self,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let Ok(email) = hearings_core::input::email(email) else {
            return Ok(());
        };
        let found = user::Entity::find()
            .filter(user::Column::Email.eq(&email))
            .one(&self.db)
            .await?;
        let Some(u) = found else { return Ok(()) };
        let txn = self.begin_write().await?;
        send_link(self, &txn, UserId(u.id), &u.email, TokenPurpose::Reset, now).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Whether a password-reset link works at `now` (to show its form, or
    /// say at once why not), without using it up.
    pub async fn check_reset_link(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        live_token(&self.db, token, TokenPurpose::Reset, now)
            .await
            .map(|_| ())
    }

    /// Sets a new password through a reset link: uses the link up, ends
    /// every session of the account, makes its API tokens stop working,
    /// and counts its address as confirmed (the link reached it). Returns
    /// the account, for the caller to sign it in anew.
    #[tracing::instrument(skip_all)]
    pub async fn reset_password(
        &self,
        token: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Account, StoreError> {
        let row = live_token(&self.db, token, TokenPurpose::Reset, now).await?;
        let pw = hearings_core::input::password(password)
            .map_err(|p| StoreError::Invalid(vec![FieldError::new("password", p)]))?;
        let hash = tokio::task::spawn_blocking(move || hash_password(&pw))
            .await
            .map_err(|e| StoreError::Internal(format!("worker failed: {e}")))??;
        let txn = self.begin_write().await?;
        use_token(&txn, &row, now).await?;
        user::Entity::update_many()
            .col_expr(user::Column::PasswordHash, Expr::value(hash))
            .filter(user::Column::Id.eq(row.user_id))
            .exec(&txn)
            .await?;
        user::Entity::update_many()
            .col_expr(user::Column::EmailVerifiedAt, Expr::value(Some(now)))
            .filter(user::Column::Id.eq(row.user_id))
            .filter(user::Column::EmailVerifiedAt.is_null())
            .exec(&txn)
            .await?;
        let ended = end_everything(&txn, UserId(row.user_id)).await?;
        txn.commit().await?;
        tracing::info!(user_id = %row.user_id, sessions_ended = ended, "password reset");
        self.account(UserId(row.user_id)).await
    }

    /// Ends every session of the account (on every device) and makes every
    /// API token issued to it so far stop working.
    #[tracing::instrument(skip_all, fields(user_id = %account.id))]
    pub async fn sign_out_everywhere(&self, account: &Account) -> Result<(), StoreError> {
        let txn = self.begin_write().await?;
        let ended = end_everything(&txn, account.id).await?;
        txn.commit().await?;
        tracing::info!(sessions_ended = ended, "signed out everywhere");
        Ok(())
    }
}
