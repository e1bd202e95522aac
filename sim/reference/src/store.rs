//! The SQLite store, the seeded random stream, and the context one request runs in.
//!
//! A request runs in one SQLite transaction on one namespace (its test clock). It is
//! committed whatever the outcome, because a refusal can still change state (a wrong code
//! counts as an attempt); handlers validate before they write anything else. What a
//! request sends is queued in the context and handed to the outside world only after the
//! commit, so that nothing is announced that the store does not hold.

use crate::ReferenceError;
use crate::config::ReferenceConfig;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use idn_contract::test_clock::{ClockSet, TestClockAdvance, TestClockCreate};
use idn_contract::{OutboundMessage, Refusal, RefusalCode, Timestamp};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, OptionalExtension, Params, Row};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::path::Path;

const SCHEMA: &str = include_str!("schema.sql");

/// What a store failure means here: the in-process reference treats it as a bug, because
/// its SQLite is embedded, local and transactional (a full disk is not a case it models).
const STORE_BUG: &str = "the reference's SQLite store failed";

/// `expect` for store results, with the caller's location in the panic.
pub(crate) trait Db<T> {
    fn db(self) -> T;
}

impl<T> Db<T> for rusqlite::Result<T> {
    #[track_caller]
    fn db(self) -> T {
        match self {
            Ok(value) => value,
            Err(error) => panic!("{STORE_BUG}: {error}"),
        }
    }
}

/// More than the distinct statements the reference runs (about 90), so that none is
/// evicted and parsed again.
const STATEMENT_CACHE: usize = 256;

/// The connection and the random stream, kept together behind the reference's mutex so
/// that draws happen in the order requests are handled.
pub(crate) struct Store {
    conn: Pooled,
    rng: ChaCha8Rng,
    seed: u64,
}

/// The tables of `schema.sql` in their order there (parents first), emptied when an
/// in-memory connection is used again.
const TABLES: &[&str] = &[
    "meta",
    "clocks",
    "accounts",
    "sessions",
    "codes",
    "identities",
    "devices",
    "challenges",
    "appointments",
    "letters",
    "auth_requests",
    "login_attempts",
    "auth_codes",
    "tokens",
    "outbox",
];

thread_local! {
    /// In-memory connections whose store was dropped, emptied for the next one on this
    /// thread: a fuzzing case or a scenario makes a new store, and creating the schema
    /// and preparing every statement again was half of a fuzzing profile.
    static SPARE: std::cell::RefCell<Vec<Connection>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A connection; an in-memory one goes back to its thread's spares when dropped.
struct Pooled {
    conn: Option<Connection>,
    spare: bool,
}

impl std::ops::Deref for Pooled {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("a connection until dropped")
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn.as_mut().expect("a connection until dropped")
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let (true, Some(conn)) = (self.spare, self.conn.take()) {
            // A thread that is ending has no spares left to keep it in: it just closes.
            let _ = SPARE.try_with(|spare| spare.borrow_mut().push(conn));
        }
    }
}

/// One request's transaction, begun and committed with cached statements (rusqlite's
/// `Transaction` parses `BEGIN` and `COMMIT` again each time); rolled back if dropped
/// before its commit (a handler that panicked).
struct Tx<'c> {
    conn: &'c Connection,
    committed: bool,
}

impl<'c> Tx<'c> {
    fn begin(conn: &'c Connection) -> Self {
        run_cached(conn, "BEGIN").db();
        Tx { conn, committed: false }
    }

    fn commit(mut self) {
        run_cached(self.conn, "COMMIT").db();
        self.committed = true;
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.committed {
            let _ = run_cached(self.conn, "ROLLBACK");
        }
    }
}

fn run_cached(conn: &Connection, sql: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql).and_then(|mut statement| statement.execute([]))
}

/// Every statement is prepared once per connection (`prepare_cached`), and kept: with the
/// query planner's stability guarantee, binding new values (a `LIMIT ?`, say) no longer
/// prepares it again. Parsing SQL was most of a fuzzing profile, and SQLite's allocator
/// lock, which parsing takes at every allocation, kept two threads from doubling the rate.
fn prepare_once(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// An empty in-memory database with the schema: a spare one emptied, or a new one.
fn empty_in_memory() -> Result<Pooled, ReferenceError> {
    let reused = SPARE.try_with(|spare| spare.borrow_mut().pop()).ok().flatten();
    let conn = match reused {
        Some(conn) => {
            // Children first: the foreign keys hold at every statement.
            for table in TABLES.iter().rev() {
                conn.prepare_cached(&format!("DELETE FROM {table}"))?.execute([])?;
            }
            conn
        }
        None => {
            let conn = Connection::open_in_memory()?;
            prepare_once(&conn)?;
            conn.execute_batch(SCHEMA)?;
            conn
        }
    };
    Ok(Pooled { conn: Some(conn), spare: true })
}

impl Store {
    fn open(conn: Pooled, seed: u64) -> Result<Self, ReferenceError> {
        prepare_once(&conn)?;
        conn.execute_batch(SCHEMA)?;
        add_outbound_url_column(&conn)?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // A reopened file continues the stream where it stopped, so that a second run with
        // the same seed does not draw ids that the file already holds.
        let stored: Option<(String, String)> = conn
            .query_row(
                "SELECT (SELECT value FROM meta WHERE key = 'seed'), (SELECT value FROM meta WHERE key = 'rng_word_pos')",
                [],
                |r| Ok(r.get::<_, Option<String>>(0)?.zip(r.get::<_, Option<String>>(1)?)),
            )
            .optional()?
            .flatten();
        if let Some((stored_seed, pos)) = stored
            && stored_seed == seed.to_string()
            && let Ok(pos) = pos.parse::<u128>()
        {
            rng.set_word_pos(pos);
        }
        Ok(Self { conn, rng, seed })
    }

    /// A new store in memory (an emptied spare connection of this thread if there is one:
    /// the same as a new one, faster).
    pub(crate) fn in_memory(seed: u64) -> Result<Self, ReferenceError> {
        let conn = empty_in_memory()?;
        Ok(Self { conn, rng: ChaCha8Rng::seed_from_u64(seed), seed })
    }

    /// A store in the SQLite file at `path`. In WAL mode with `synchronous = NORMAL`: a
    /// commit is durable when the reference stops or crashes (what a restart tests), not
    /// against a power cut, and is not flushed to disk one request at a time (that made
    /// the server wait on the disk at every request, whatever the clients' concurrency).
    pub(crate) fn open_file(path: &Path, seed: u64) -> Result<Self, ReferenceError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::open(Pooled { conn: Some(conn), spare: false }, seed)
    }

    /// Runs one request in one transaction and returns its outcome with what it queued.
    pub(crate) fn run<T>(
        &mut self,
        clock: &str,
        config: &ReferenceConfig,
        issuer: &str,
        handler: impl FnOnce(&mut Ctx<'_>) -> Result<T, Refusal>,
    ) -> (Result<T, Refusal>, Vec<(i64, OutboundMessage)>) {
        let tx = Tx::begin(&self.conn);
        let now = match clock_now(tx.conn, clock) {
            Some(now) => now,
            None => return (Err(clock_unknown(clock)), Vec::new()),
        };
        let db = tx.conn;
        let mut cx = Ctx { db, rng: &mut self.rng, clock, now, config, issuer, outbox: Vec::new() };
        let result = handler(&mut cx);
        // A refusal announces nothing: handlers refuse before they queue.
        let outbox = if result.is_ok() { std::mem::take(&mut cx.outbox) } else { Vec::new() };
        let queued =
            outbox.into_iter().map(|message| (cx.record_outbound(&message), message)).collect();
        if !self.conn.spare {
            // A file continues the stream where it stopped when it is opened again.
            save_rng_pos(tx.conn, self.seed, &self.rng);
        }
        tx.commit();
        (result, queued)
    }

    /// TestClockCreate: a new namespace frozen at `now`. Creating an existing clock again is
    /// refused `invalid_request`: a namespace is never silently reset.
    pub(crate) fn clock_create(
        &mut self,
        clock: &str,
        op: &TestClockCreate,
    ) -> Result<ClockSet, Refusal> {
        let now = ts(op.now);
        if let Some(url) = &op.outbound_url
            && let Err(detail) = crate::server::outbound_http::check_base_url(url)
        {
            return Err(Refusal::new(
                RefusalCode::InvalidRequest,
                format!("L'adresse outbound_url `{url}` est invalide : {detail}."),
            ));
        }
        let inserted = self
            .conn
            .prepare_cached(
                "INSERT INTO clocks (clock, now, created_at, outbound_url) VALUES (?1, ?2, ?2, ?3) ON CONFLICT (clock) DO NOTHING",
            )
            .and_then(|mut statement| statement.execute((clock, &now, &op.outbound_url)))
            .db();
        if inserted == 0 {
            return Err(Refusal::new(
                RefusalCode::InvalidRequest,
                format!("L'horloge de test {clock} existe déjà."),
            ));
        }
        Ok(ClockSet { next_timer_at: None })
    }

    /// TestClockAdvance: moves the clock forward. Nothing the reference does is scheduled:
    /// expiries (codes, login requests, letters, identities) are decided lazily by comparing
    /// with "now", and the VER-06 e-mail is sent at once, so moving the clock is enough and
    /// the reference never declares a timer.
    pub(crate) fn clock_advance(
        &mut self,
        clock: &str,
        op: &TestClockAdvance,
    ) -> Result<ClockSet, Refusal> {
        let Some(now) = clock_now(&self.conn, clock) else {
            return Err(clock_unknown(clock));
        };
        if op.to < now {
            return Err(Refusal::new(
                RefusalCode::ClockBackwards,
                format!(
                    "L'horloge de test {clock} ne peut pas reculer de {} à {}.",
                    ts(now),
                    ts(op.to)
                ),
            ));
        }
        self.conn
            .prepare_cached("UPDATE clocks SET now = ?2 WHERE clock = ?1")
            .and_then(|mut statement| statement.execute((clock, ts(op.to))))
            .db();
        Ok(ClockSet { next_timer_at: None })
    }

    /// Where the clock's outbound messages go: its base URL over HTTP, `None` in-process.
    pub(crate) fn clock_outbound_url(&self, clock: &str) -> Option<String> {
        self.conn
            .prepare_cached("SELECT outbound_url FROM clocks WHERE clock = ?1")
            .and_then(|mut statement| statement.query_row([clock], |r| r.get(0)))
            .optional()
            .db()
            .flatten()
    }

    /// Records what the outside world answered for a queued message.
    pub(crate) fn record_delivery(&self, outbox_id: i64, delivery: &str) {
        self.conn
            .prepare_cached("UPDATE outbox SET delivery = ?2 WHERE id = ?1")
            .and_then(|mut statement| statement.execute((outbox_id, delivery)))
            .db();
    }
}

/// A store file written before clocks had an outbound URL gets the column (`CREATE TABLE IF
/// NOT EXISTS` does not change an existing table).
fn add_outbound_url_column(conn: &Connection) -> rusqlite::Result<()> {
    let has_it: bool = conn.query_row(
        "SELECT COUNT(*) > 0 FROM pragma_table_info('clocks') WHERE name = 'outbound_url'",
        [],
        |r| r.get(0),
    )?;
    if !has_it {
        conn.execute_batch("ALTER TABLE clocks ADD COLUMN outbound_url TEXT")?;
    }
    Ok(())
}

fn clock_now(conn: &Connection, clock: &str) -> Option<Timestamp> {
    conn.prepare_cached("SELECT now FROM clocks WHERE clock = ?1")
        .and_then(|mut statement| statement.query_row([clock], |r| r.get::<_, String>(0)))
        .optional()
        .db()
        .map(|text| parse_ts(&text))
}

fn clock_unknown(clock: &str) -> Refusal {
    Refusal::new(
        RefusalCode::ClockUnknown,
        format!("L'horloge de test {clock} n'existe pas : créez-la d'abord (TestClockCreate)."),
    )
}

fn save_rng_pos(conn: &Connection, seed: u64, rng: &ChaCha8Rng) {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES ('seed', ?1), ('rng_word_pos', ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .and_then(|mut statement| statement.execute((seed.to_string(), rng.get_word_pos().to_string())))
    .db();
}

/// Everything one request needs: the transaction, the namespace and its "now", the random
/// stream, the configuration, and the messages to send once committed.
pub(crate) struct Ctx<'a> {
    pub db: &'a Connection,
    rng: &'a mut ChaCha8Rng,
    pub clock: &'a str,
    pub now: Timestamp,
    /// The policy and the registered clients.
    pub config: &'a ReferenceConfig,
    pub issuer: &'a str,
    outbox: Vec<OutboundMessage>,
}

impl Ctx<'_> {
    /// "Now" as the store writes it.
    pub fn now_text(&self) -> String {
        ts(self.now)
    }

    /// "Now" plus some seconds, as the store writes it.
    pub fn later_text(&self, seconds: u64) -> String {
        ts(after(self.now, seconds))
    }

    /// The day of the request: the UTC date of the test clock (ELIG-01, DOC-01).
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// A code of `len` decimal digits, leading zeros kept.
    pub fn digits(&mut self, len: usize) -> String {
        (0..len).map(|_| char::from(b'0' + self.rng.random_range(0..10u8))).collect()
    }

    /// A readable identifier: `prefix-` and `len` lowercase hex digits.
    pub fn id(&mut self, prefix: &str, len: usize) -> String {
        format!("{prefix}-{}", self.hex(len))
    }

    /// `len` lowercase hex digits.
    pub fn hex(&mut self, len: usize) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        (0..len).map(|_| char::from(HEX[self.rng.random_range(0..16usize)])).collect()
    }

    /// Hashes a password or a secret code with a fresh salt: (salt, hash).
    pub fn hash_new(&mut self, secret: &str) -> (String, String) {
        let salt = self.hex(16);
        let hash = hash_secret(&salt, secret);
        (salt, hash)
    }

    /// Queues a message for the outside world (sent after the commit).
    pub fn send(&mut self, message: OutboundMessage) {
        self.outbox.push(message);
    }

    fn record_outbound(&self, message: &OutboundMessage) -> i64 {
        self.exec(
            "INSERT INTO outbox (clock, service, message, created_at, delivery) VALUES (?1, ?2, ?3, ?4, 'pending')",
            (self.clock, message.service(), json(message), self.now_text()),
        );
        self.db.last_insert_rowid()
    }

    /// Runs a statement; returns the number of rows changed.
    #[track_caller]
    pub fn exec(&self, sql: &str, params: impl Params) -> usize {
        self.db.prepare_cached(sql).and_then(|mut statement| statement.execute(params)).db()
    }

    /// Reads at most one row.
    #[track_caller]
    pub fn row<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Option<T> {
        self.db
            .prepare_cached(sql)
            .and_then(|mut statement| statement.query_row(params, f))
            .optional()
            .db()
    }

    /// Reads every row.
    #[track_caller]
    pub fn rows<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Vec<T> {
        let mut statement = self.db.prepare_cached(sql).db();
        statement.query_map(params, f).db().collect::<rusqlite::Result<Vec<T>>>().db()
    }
}

/// sha256 of `salt:secret`, hex. A production identity provider would use a slow,
/// memory-hard KDF (argon2id, scrypt); a simulator's reference needs only a salted hash to
/// show that no secret is stored in clear.
pub(crate) fn hash_secret(salt: &str, secret: &str) -> String {
    let digest = Sha256::digest(format!("{salt}:{secret}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// An instant as the store writes it: RFC 3339, UTC, nine fraction digits (fixed width,
/// so that text order is time order).
pub(crate) fn ts(t: Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

pub(crate) fn parse_ts(text: &str) -> Timestamp {
    DateTime::parse_from_rfc3339(text)
        .expect("the store writes RFC 3339 instants")
        .with_timezone(&Utc)
}

/// An instant plus some seconds (a profile bounds its durations by 10 years,
/// `idn_contract::policy::MAX_SECONDS`).
pub(crate) fn after(t: Timestamp, seconds: u64) -> Timestamp {
    let seconds = i64::try_from(seconds).expect("policy durations are bounded");
    t + chrono::TimeDelta::seconds(seconds)
}

/// The contract JSON of a value, as the store keeps structured data.
pub(crate) fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("contract types serialize")
}

/// Reads back what [`json`] wrote.
pub(crate) fn from_json<T: DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).expect("the store holds contract JSON it wrote itself")
}

/// The bare string of a unit enum (`madame`, `identity_card`), as the contract spells it.
pub(crate) fn enum_text<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .expect("a unit enum variant serializes to a string")
}

/// Reads back what [`enum_text`] wrote.
pub(crate) fn enum_from<T: DeserializeOwned>(text: &str) -> T {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .expect("the store holds enum names it wrote itself")
}
