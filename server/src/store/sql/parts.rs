//! The lists a case is read with (history, answers, notes, requests, links, notices, …), all
//! in one statement: each list is a scalar subquery that answers its rows as JSON text, an
//! array of arrays in the list's order (`json_group_array` on SQLite, `json_agg` on
//! PostgreSQL). A list read on its own goes the same way, so each list has one SQL text and
//! one decoding, whether it is read alone or with the others.
//!
//! A list is declared as a plain `SELECT <columns> FROM … WHERE …` with the case's id as
//! `$1`, and the order of its rows; its row type decodes positionally from the JSON array,
//! so a row struct's fields follow the columns in order ([`check`] proves that in tests).

use serde::de::DeserializeOwned;
use sqlx::Row as _;

use super::{Backend, SqlStore};
use crate::store::{StoreError, StoreResult};

/// One list of a case: `select` is `SELECT <columns> FROM … [WHERE …]`, with the case's id
/// as `$1`; `order` orders its rows (`ORDER BY` without the keywords).
pub(super) struct Part {
    select: String,
    order: &'static str,
    /// At most this many rows, the first in `order`.
    limit: Option<u32>,
}

impl Part {
    pub(super) fn new(select: impl Into<String>, order: &'static str) -> Self {
        Self { select: select.into(), order, limit: None }
    }

    /// The same list cut to its first `n` rows.
    pub(super) fn limit(self, n: u32) -> Self {
        Self { limit: Some(n), ..self }
    }

    /// A scalar subquery answering the rows, in order, as JSON text (`[]` for none).
    pub(super) fn aggregate(&self, backend: Backend) -> StoreResult<String> {
        let (columns, rest) = split(&self.select)?;
        let (group, row) = match backend {
            Backend::Sqlite => ("json_group_array", "json_array"),
            Backend::Postgres => ("json_agg", "json_build_array"),
        };
        let columns: Vec<&str> = columns.into_iter().map(|(expr, _)| expr).collect();
        let Some(limit) = self.limit else {
            return Ok(format!(
                "(SELECT COALESCE(CAST({group}({row}({}) ORDER BY {}) AS TEXT), '[]') FROM {rest})",
                columns.join(", "),
                self.order
            ));
        };
        // Cut first, in a subquery that also answers the sort keys, then gathered in the
        // same order: neither engine promises to keep a subquery's order through an aggregate.
        let keys: Vec<(&str, &str)> = self
            .order
            .split(", ")
            .map(|term| match term.rsplit_once(' ') {
                Some((expr, dir @ ("ASC" | "DESC"))) => (expr, dir),
                _ => (term, "ASC"),
            })
            .collect();
        let values = columns.iter().enumerate().map(|(i, e)| format!("{e} AS v{i}"));
        let sorts = keys.iter().enumerate().map(|(i, (e, _))| format!("{e} AS k{i}"));
        let inner: Vec<String> = values.chain(sorts).collect();
        let outer: Vec<String> = (0..columns.len()).map(|i| format!("t.v{i}")).collect();
        let order: Vec<String> = keys.iter().enumerate().map(|(i, (_, dir))| format!("t.k{i} {dir}")).collect();
        Ok(format!(
            "(SELECT COALESCE(CAST({group}({row}({}) ORDER BY {}) AS TEXT), '[]') FROM \
             (SELECT {} FROM {rest} ORDER BY {} LIMIT {limit}) t)",
            outer.join(", "),
            order.join(", "),
            inner.join(", "),
            self.order
        ))
    }
}

/// The columns of a `SELECT … FROM …` (each as its expression and the name it is read by)
/// and what follows its `FROM`. Commas and keywords inside parentheses are the columns' own.
fn split(select: &str) -> StoreResult<(Vec<(&str, &str)>, &str)> {
    let bad = || StoreError::Corrupt(format!("not a list's SELECT: {select}"));
    let body = select.strip_prefix("SELECT ").ok_or_else(bad)?;
    let mut depth = 0usize;
    let mut start = 0;
    let mut columns = Vec::new();
    for (i, ch) in body.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.checked_sub(1).ok_or_else(bad)?,
            ',' if depth == 0 => {
                columns.push(column(&body[start..i]));
                start = i + 1;
            }
            ' ' if depth == 0 && body[i..].starts_with(" FROM ") => {
                columns.push(column(&body[start..i]));
                return Ok((columns, &body[i + " FROM ".len()..]));
            }
            _ => {}
        }
    }
    Err(bad())
}

/// A column as its expression and its name: `d.name AS department_name` is read by
/// `department_name`, `m.id` by `id`.
fn column(text: &str) -> (&str, &str) {
    let text = text.trim();
    match text.rsplit_once(" AS ") {
        Some((expr, name)) if !name.contains(')') => (expr.trim(), name.trim()),
        _ => (text, text.rsplit('.').next().unwrap_or(text)),
    }
}

/// The rows of a list's JSON text, each made a record by `record`.
pub(super) fn rows<R: DeserializeOwned, T>(json: &str, record: impl Fn(R) -> StoreResult<T>) -> StoreResult<Vec<T>> {
    let rows: Vec<R> = serde_json::from_str(json).map_err(|e| StoreError::Corrupt(format!("a case's list: {e}")))?;
    rows.into_iter().map(record).collect()
}

/// The first row of a list's JSON text, if any (a list read for its latest entry).
pub(super) fn first<R: DeserializeOwned, T>(
    json: &str,
    record: impl Fn(R) -> StoreResult<T>,
) -> StoreResult<Option<T>> {
    Ok(rows(json, record)?.into_iter().next())
}

impl SqlStore {
    /// One list of case `case_id` as JSON text, read on its own.
    pub(super) async fn part_json(&self, part: &Part, case_id: i64) -> StoreResult<String> {
        let sql = format!("SELECT {}", part.aggregate(self.backend)?);
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case_id).fetch_one(&self.pool).await?;
        Ok(row.try_get(0)?)
    }

    /// Several lists of case `case_id` as JSON text, in one statement, in the order given.
    pub(super) async fn parts_json(&self, parts: &[Part], case_id: i64) -> StoreResult<Vec<String>> {
        let columns = parts.iter().map(|p| p.aggregate(self.backend)).collect::<StoreResult<Vec<_>>>()?;
        let sql = format!("SELECT {}", columns.join(", "));
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case_id).fetch_one(&self.pool).await?;
        (0..parts.len()).map(|i| Ok(row.try_get(i)?)).collect()
    }
}

/// Test support: the names a row struct's fields are read by, in order, as serde declares
/// them; and the check that a list's columns are named the same, in the same order.
#[cfg(test)]
pub(super) mod fields {
    use serde::de::{self, Deserializer, Visitor};

    struct Catch(Option<&'static [&'static str]>);

    #[derive(Debug)]
    struct Caught;
    impl std::fmt::Display for Caught {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("caught")
        }
    }
    impl std::error::Error for Caught {}
    impl de::Error for Caught {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Caught
        }
    }

    impl<'de> Deserializer<'de> for &mut Catch {
        type Error = Caught;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Caught> {
            Err(Caught)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Caught> {
            self.0 = Some(fields);
            Err(Caught)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    /// Panics unless `R`'s fields are `part`'s column names, in order.
    pub(in crate::store::sql) fn check<R: for<'de> serde::Deserialize<'de>>(part: &super::Part) {
        let mut catch = Catch(None);
        let _ = R::deserialize(&mut catch);
        let fields = catch.0.expect("a row struct");
        let (columns, _) = super::split(&part.select).expect("a list's SELECT");
        let names: Vec<&str> = columns.into_iter().map(|(_, name)| name).collect();
        assert_eq!(names, fields, "the columns of {:?}", part.select);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_split_at_top_level_commas_and_lose_their_names() {
        let part = Part::new(
            "SELECT o.id, CAST((SELECT count(*) FROM answers a WHERE a.x IN (1, 2)) AS BIGINT) AS answers, \
             d.name AS department_name FROM case_links l JOIN cases o ON o.id = l.other_id WHERE l.case_id = $1",
            "l.at, l.id",
        );
        let (columns, rest) = split(&part.select).unwrap();
        assert_eq!(
            columns,
            [
                ("o.id", "id"),
                ("CAST((SELECT count(*) FROM answers a WHERE a.x IN (1, 2)) AS BIGINT)", "answers"),
                ("d.name", "department_name"),
            ]
        );
        assert_eq!(rest, "case_links l JOIN cases o ON o.id = l.other_id WHERE l.case_id = $1");
        assert_eq!(
            part.aggregate(Backend::Postgres).unwrap(),
            "(SELECT COALESCE(CAST(json_agg(json_build_array(o.id, CAST((SELECT count(*) FROM answers a \
             WHERE a.x IN (1, 2)) AS BIGINT), d.name) ORDER BY l.at, l.id) AS TEXT), '[]') FROM case_links l \
             JOIN cases o ON o.id = l.other_id WHERE l.case_id = $1)"
        );
    }

    #[test]
    fn a_cut_list_is_cut_in_a_subquery_and_gathered_in_the_same_order() {
        let part =
            Part::new("SELECT i.case_id, i.note FROM conduct_incidents i WHERE i.case_id = $1", "i.at DESC, i.id")
                .limit(50);
        assert_eq!(
            part.aggregate(Backend::Sqlite).unwrap(),
            "(SELECT COALESCE(CAST(json_group_array(json_array(t.v0, t.v1) ORDER BY t.k0 DESC, t.k1 ASC) AS TEXT), \
             '[]') FROM (SELECT i.case_id AS v0, i.note AS v1, i.at AS k0, i.id AS k1 FROM conduct_incidents i \
             WHERE i.case_id = $1 ORDER BY i.at DESC, i.id LIMIT 50) t)"
        );
    }

    #[test]
    fn a_select_without_from_is_refused() {
        assert!(split("SELECT 1").is_err());
        assert!(split("UPDATE cases SET x = 1").is_err());
        assert!(split("SELECT (a FROM b").is_err());
    }

    #[test]
    fn rows_decode_positionally_and_an_empty_list_is_empty() {
        let got = rows::<(i64, String, Option<i64>), _>(r#"[[1,"a",null],[2,"b",3]]"#, Ok).unwrap();
        assert_eq!(got, [(1, "a".to_owned(), None), (2, "b".to_owned(), Some(3))]);
        assert!(rows::<(i64,), (i64,)>("[]", Ok).unwrap().is_empty());
        assert!(matches!(rows::<(i64,), (i64,)>(r#"[["x"]]"#, Ok), Err(StoreError::Corrupt(_))));
    }
}
