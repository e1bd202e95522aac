-- The reference identity provider's store.
--
-- Every row but `meta` belongs to one test clock: the `clock` column is the namespace of
-- DESIGN principle 3, and every query filters on it, so that two scenarios sharing this
-- store never see each other. Instants are TEXT in RFC 3339, UTC, with nine fraction
-- digits: fixed width, so that text order is time order. Dates are TEXT `YYYY-MM-DD`.
-- Structured values the contract already defines (a declared identity, an address, a
-- phone) are stored as their contract JSON.

-- The store's own bookkeeping (the seed and the position of the random stream).
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The test clocks: the namespaces and their "now".
CREATE TABLE IF NOT EXISTS clocks (
    clock        TEXT PRIMARY KEY,
    now          TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    -- Over HTTP, the base URL this clock's outbound messages are POSTed to; NULL sends
    -- them to the `Outbound` the reference was built with (in-process).
    outbound_url TEXT
);

-- Compte La Poste (ACC-01..07). A row exists from the first e-mail step; the account is
-- complete once the e-mail and the mobile are confirmed, the password, the names and the
-- CGU given.
CREATE TABLE IF NOT EXISTS accounts (
    id                INTEGER PRIMARY KEY,
    clock             TEXT NOT NULL REFERENCES clocks(clock),
    email             TEXT NOT NULL COLLATE NOCASE,
    email_confirmed   INTEGER NOT NULL DEFAULT 0,
    -- sha256(salt:password); a production IdP would use a slow KDF (argon2id, scrypt).
    password_salt     TEXT,
    password_hash     TEXT,
    phone             TEXT,              -- contract JSON of PhoneNumber
    phone_confirmed   INTEGER NOT NULL DEFAULT 0,
    civility          TEXT,
    given_names       TEXT,              -- JSON array
    family_name       TEXT,
    cgu_accepted      INTEGER NOT NULL DEFAULT 0,
    document_declared INTEGER NOT NULL DEFAULT 0,  -- "Oui" to ÉTAPE 13 (ELIG-06)
    pending_identity  TEXT,              -- typed, not yet confirmed (DOC-05)
    created_at        TEXT NOT NULL,
    UNIQUE (clock, email)
);

-- Web sessions of the Compte La Poste and the Espace Client.
CREATE TABLE IF NOT EXISTS sessions (
    clock      TEXT NOT NULL REFERENCES clocks(clock),
    token      TEXT NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (clock, token)
);

-- One-time secrets sent by e-mail or SMS (ACC-08, VER-02), and the reset links (ACC-06).
-- `subject` narrows the purpose: the challenge of an app code, empty otherwise.
CREATE TABLE IF NOT EXISTS codes (
    id         INTEGER PRIMARY KEY,
    clock      TEXT NOT NULL REFERENCES clocks(clock),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    purpose    TEXT NOT NULL,   -- email, account_sms, reset_code, reset_link, activation, app_sms, phone_change
    subject    TEXT NOT NULL DEFAULT '',
    secret     TEXT NOT NULL,
    sent_to    TEXT,            -- the new phone of a change of number (contract JSON)
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    state      TEXT NOT NULL DEFAULT 'open'   -- open, used, superseded, exhausted
);
CREATE INDEX IF NOT EXISTS codes_by_owner ON codes (clock, account_id, purpose, subject);

-- Identités Numériques. At most one per account is not deleted. The lifecycle state is
-- derived: deleted, blocked, expired (5 years after `verified_at`, ACT-06), active (an
-- active device), verified, awaiting verification.
CREATE TABLE IF NOT EXISTS identities (
    id             INTEGER PRIMARY KEY,
    clock          TEXT NOT NULL REFERENCES clocks(clock),
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    sub            TEXT NOT NULL,     -- the OpenID Connect subject
    declared       TEXT NOT NULL,     -- contract JSON of DeclaredIdentity
    origin         TEXT NOT NULL,     -- web, counter
    created_at     TEXT NOT NULL,
    verified_at    TEXT,
    ever_activated INTEGER NOT NULL DEFAULT 0,
    blocked        INTEGER NOT NULL DEFAULT 0,
    deleted_at     TEXT,
    mode           TEXT,              -- postman, post_office, online: the verification under way
    appointment_id TEXT,
    letter_id      TEXT,
    failure        TEXT,              -- why the last verification failed, until a new mode (VER-09)
    pin_salt       TEXT,
    pin_hash       TEXT,
    pin_failures   INTEGER NOT NULL DEFAULT 0,
    pin_locked     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS identities_by_account ON identities (clock, account_id);

-- Smartphones bound to an identity; at most one active per identity (MGT-08).
CREATE TABLE IF NOT EXISTS devices (
    clock          TEXT NOT NULL REFERENCES clocks(clock),
    identity_id    INTEGER NOT NULL REFERENCES identities(id),
    device_id      TEXT NOT NULL,
    os             TEXT NOT NULL,
    os_major       INTEGER NOT NULL,
    model          TEXT NOT NULL,
    app_version    TEXT NOT NULL,
    active         INTEGER NOT NULL,
    activated_at   TEXT NOT NULL,
    deactivated_at TEXT,
    PRIMARY KEY (clock, identity_id, device_id)
);

-- The app's challenges: activation, new smartphone, change of secret code (ACT, MGT-04).
CREATE TABLE IF NOT EXISTS challenges (
    clock         TEXT NOT NULL REFERENCES clocks(clock),
    id            TEXT NOT NULL,
    identity_id   INTEGER NOT NULL REFERENCES identities(id),
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    device        TEXT NOT NULL,      -- contract JSON of DeviceInfo
    purpose       TEXT NOT NULL,      -- activate, change_pin
    phone         TEXT NOT NULL,      -- where the SMS code goes (contract JSON)
    sms_confirmed INTEGER NOT NULL DEFAULT 0,
    needs_email   INTEGER NOT NULL DEFAULT 0, -- "Nouveau numéro": the mailbox must confirm (FRAUD-02)
    email_confirmed INTEGER NOT NULL DEFAULT 0,
    needs_suffix  INTEGER NOT NULL,
    suffix_ok     INTEGER NOT NULL DEFAULT 0,
    completed     INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (clock, id)
);

-- Postman visits (VER-04, VER-07).
CREATE TABLE IF NOT EXISTS appointments (
    clock         TEXT NOT NULL REFERENCES clocks(clock),
    id            TEXT NOT NULL,
    identity_id   INTEGER NOT NULL REFERENCES identities(id),
    date          TEXT NOT NULL,
    address       TEXT NOT NULL,      -- contract JSON of Address
    status        TEXT NOT NULL,      -- booked, missed, cancelled, done
    missed_reason TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (clock, id)
);

-- AR24 electronic registered letters (AR24-01..09).
CREATE TABLE IF NOT EXISTS letters (
    clock         TEXT NOT NULL REFERENCES clocks(clock),
    id            TEXT NOT NULL,
    identity_id   INTEGER NOT NULL REFERENCES identities(id),
    status        TEXT NOT NULL,      -- sent, delivered, identified, expired, declined, verified, rejected, superseded
    requested_at  TEXT NOT NULL,
    delivered_at  TEXT,
    expired_at    TEXT,               -- when AR24 reported it expired
    reject_reason TEXT,
    PRIMARY KEY (clock, id)
);

-- OpenID Connect authorization requests waiting for the app (AUTH, FRAUD-03).
CREATE TABLE IF NOT EXISTS auth_requests (
    clock        TEXT NOT NULL REFERENCES clocks(clock),
    id           TEXT NOT NULL,
    identity_id  INTEGER NOT NULL REFERENCES identities(id),
    device_id    TEXT NOT NULL,
    phone        TEXT NOT NULL,       -- the login hint, "+33612345678", for the rate limit
    client_id    TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    scope        TEXT NOT NULL,       -- JSON array
    acr          TEXT NOT NULL,
    state        TEXT NOT NULL,
    nonce        TEXT NOT NULL,
    code_challenge TEXT NOT NULL,   -- PKCE S256: base64url(sha256(code_verifier))
    service_name TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    status       TEXT NOT NULL,       -- pending, approved, refused, cancelled
    answered_at  TEXT,
    PRIMARY KEY (clock, id)
);
CREATE INDEX IF NOT EXISTS auth_requests_by_phone ON auth_requests (clock, phone, created_at);

-- Every login request a number received that was not itself rate limited, whether a
-- request followed or the number had no usable identity (FRAUD-03 for every number).
CREATE TABLE IF NOT EXISTS login_attempts (
    clock TEXT NOT NULL REFERENCES clocks(clock),
    phone TEXT NOT NULL,                -- the login hint, "+33612345678"
    at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS login_attempts_by_phone ON login_attempts (clock, phone, at);

-- Authorization codes: one use, short-lived.
CREATE TABLE IF NOT EXISTS auth_codes (
    clock      TEXT NOT NULL REFERENCES clocks(clock),
    code       TEXT NOT NULL,
    request_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (clock, code)
);

-- Access tokens for the userinfo endpoint.
CREATE TABLE IF NOT EXISTS tokens (
    clock        TEXT NOT NULL REFERENCES clocks(clock),
    access_token TEXT NOT NULL,
    identity_id  INTEGER NOT NULL REFERENCES identities(id),
    code         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (clock, access_token)
);

-- Everything handed to the outside world, and whether it took it.
CREATE TABLE IF NOT EXISTS outbox (
    id         INTEGER PRIMARY KEY,
    clock      TEXT NOT NULL REFERENCES clocks(clock),
    service    TEXT NOT NULL,
    message    TEXT NOT NULL,         -- contract JSON of OutboundMessage
    created_at TEXT NOT NULL,
    delivery   TEXT NOT NULL          -- pending, taken, or "refused: <why>"
);
