//! Authenticator secrets, recovery codes, and sessions waiting for their second factor.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{SqlStore, secs};
use crate::store::{StoreResult, TotpState, TwoFactorStore};

#[async_trait]
impl TwoFactorStore for SqlStore {
    async fn totp_state(&self, user_id: i64) -> StoreResult<TotpState> {
        let row: Option<(Option<String>, Option<String>, i64)> =
            sqlx::query_as("SELECT totp_secret, totp_pending_secret, totp_last_step FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(secret, pending, last_step)| TotpState { secret, pending, last_step }).unwrap_or_default())
    }

    async fn begin_totp(&self, user_id: i64, secret: &str) -> StoreResult<()> {
        let mut tx = self.write().await?;
        sqlx::query("UPDATE users SET totp_pending_secret = $1 WHERE id = $2")
            .bind(secret)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn confirm_totp(
        &self,
        user_id: i64,
        secret: &str,
        step: i64,
        code_hashes: &[String],
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let r = sqlx::query(
            "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, \
             totp_last_step = $1, totp_enrolled_at = $2 WHERE id = $3 AND totp_pending_secret = $4",
        )
        .bind(step)
        .bind(secs(at))
        .bind(user_id)
        .bind(secret)
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            return Ok(false);
        }
        replace_codes(&mut tx, user_id, code_hashes).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn use_totp_step(&self, user_id: i64, step: i64) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let r = sqlx::query("UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1")
            .bind(step)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(r.rows_affected() == 1)
    }

    async fn use_recovery_code(&self, user_id: i64, code_hash: &str, at: DateTime<Utc>) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let r = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE code_hash = $2 AND user_id = $3 AND used_at IS NULL",
        )
        .bind(secs(at))
        .bind(code_hash)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(r.rows_affected() == 1)
    }

    async fn replace_recovery_codes(&self, user_id: i64, code_hashes: &[String]) -> StoreResult<()> {
        let mut tx = self.write().await?;
        replace_codes(&mut tx, user_id, code_hashes).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn recovery_codes_left(&self, user_id: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await?)
    }

    async fn complete_session(&self, pending_hash: &str, new_hash: &str, at: DateTime<Utc>) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let user: Option<i64> = sqlx::query_scalar(
            "DELETE FROM sessions WHERE token_hash = $1 AND second_factor_pending = 1 RETURNING user_id",
        )
        .bind(pending_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user_id) = user else { return Ok(false) };
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, second_factor_pending) \
             VALUES ($1, $2, $3, $3, 0)",
        )
        .bind(new_hash)
        .bind(user_id)
        .bind(secs(at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn reset_two_factor(&self, user_id: i64) -> StoreResult<bool> {
        let mut tx = self.write().await?;
        let r = sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enrolled_at = NULL WHERE id = $1",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(r.rows_affected() == 1)
    }
}

async fn replace_codes(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: i64,
    code_hashes: &[String],
) -> StoreResult<()> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
    for hash in code_hashes {
        sqlx::query("INSERT INTO recovery_codes (code_hash, user_id) VALUES ($1, $2)")
            .bind(hash)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
