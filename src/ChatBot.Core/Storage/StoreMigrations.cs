namespace ChatBot.Core.Storage;

/// <summary>
/// The schema as an ordered list of steps per provider; step i brings a store to version i + 1
/// (<c>PRAGMA user_version</c> in SQLite, <c>store_schema</c> in PostgreSQL). Both lists have the
/// same steps with the same tables and columns (a test compares them); they differ only in types
/// (PostgreSQL: BIGINT for instants and counts, identity columns). Append new steps to both,
/// never edit shipped ones: existing stores only run what they lack.
/// </summary>
internal static class StoreMigrations
{
    public static IReadOnlyList<string> Sqlite { get; } =
    [
        """
        CREATE TABLE subscriptions (
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            cron TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            post_when_empty INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            covered_until INTEGER NOT NULL,
            paused INTEGER NOT NULL DEFAULT 0,
            pause_reason TEXT,
            scheduled_through INTEGER NOT NULL,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (platform, channel_id)
        );
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            scheduled_for INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER,
            lease_until INTEGER,
            created_at INTEGER NOT NULL,
            completed_at INTEGER
        );
        CREATE UNIQUE INDEX ux_deliveries_run ON deliveries (platform, channel_id, scheduled_for) WHERE kind = 'scheduled';
        CREATE INDEX ix_deliveries_outcome ON deliveries (outcome, next_attempt_at);
        CREATE INDEX ix_deliveries_channel ON deliveries (platform, channel_id, scheduled_for);
        CREATE TABLE corpus_changes (
            document_id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            last_changed INTEGER NOT NULL,
            removed_at INTEGER
        );
        CREATE TABLE conversation_refs (
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            reference_json TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (platform, channel_id)
        );
        CREATE TABLE answers (
            id TEXT PRIMARY KEY,
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            user_id TEXT,
            question TEXT NOT NULL,
            answered INTEGER NOT NULL,
            answer_json TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX ix_answers_at ON answers (at);
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
            user_id TEXT,
            helpful INTEGER NOT NULL,
            at INTEGER NOT NULL,
            UNIQUE (answer_id, user_id)
        );
        CREATE INDEX ix_feedback_at ON feedback (at);
        CREATE TABLE store_meta (
            key TEXT PRIMARY KEY,
            value NOT NULL
        );
        """,
        """
        CREATE TABLE source_state (
            source_id TEXT PRIMARY KEY,
            last_fetch_at INTEGER,
            last_outcome TEXT,
            last_reason TEXT,
            items INTEGER NOT NULL DEFAULT 0,
            failure_streak INTEGER NOT NULL DEFAULT 0,
            next_fetch_at INTEGER,
            etag TEXT,
            last_modified TEXT
        );
        CREATE TABLE source_documents (
            url TEXT PRIMARY KEY,
            source_id TEXT NOT NULL,
            relative_path TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            version TEXT,
            etag TEXT,
            last_modified TEXT,
            first_stored INTEGER NOT NULL,
            last_stored INTEGER NOT NULL
        );
        CREATE INDEX ix_source_documents_hash ON source_documents (content_hash);
        """,
        // 3: the adapters' inbox (accepted activities survive a restart); a vote's typed comment;
        // digest runs remember which parts went out and every attempt's story.
        """
        CREATE TABLE inbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            platform TEXT NOT NULL,
            item_key TEXT NOT NULL,
            conversation TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            parts_done INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER,
            lease_until INTEGER,
            reason TEXT,
            received_at INTEGER NOT NULL,
            completed_at INTEGER,
            UNIQUE (platform, item_key)
        );
        CREATE INDEX ix_inbox_pending ON inbox (platform, state, conversation, id);
        ALTER TABLE feedback ADD COLUMN comment TEXT;
        ALTER TABLE deliveries ADD COLUMN parts_done INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE deliveries ADD COLUMN part_in_flight INTEGER;
        ALTER TABLE deliveries ADD COLUMN publish_state TEXT;
        ALTER TABLE deliveries ADD COLUMN window_until INTEGER;
        ALTER TABLE deliveries ADD COLUMN uncertain_parts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE deliveries ADD COLUMN history TEXT NOT NULL DEFAULT '';
        """,
        // 4: follow-up context and answer-message links in their own tables, instead of rows under
        // made-up platform names ("discord-conversation", "teams-answer") in conversation_refs.
        """
        CREATE TABLE conversation_contexts (
            platform TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            last_question TEXT,
            started_by_bot INTEGER NOT NULL DEFAULT 0,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (platform, conversation_id)
        );
        CREATE TABLE answer_messages (
            platform TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            at INTEGER NOT NULL,
            PRIMARY KEY (platform, conversation_id, message_id)
        );
        INSERT OR IGNORE INTO conversation_contexts (platform, conversation_id, last_question, started_by_bot, updated_at)
            SELECT 'discord', channel_id, json_extract(reference_json, '$.question'),
                CASE WHEN json_extract(reference_json, '$.kind') IN (0, 'Thread', 'thread') THEN 1 ELSE 0 END, updated_at
            FROM conversation_refs WHERE platform = 'discord-conversation' AND json_valid(reference_json);
        INSERT OR IGNORE INTO answer_messages (platform, conversation_id, message_id, answer_id, at)
            SELECT 'teams', substr(channel_id, 1, instr(channel_id, '|') - 1), substr(channel_id, instr(channel_id, '|') + 1),
                json_extract(reference_json, '$.AnswerId'), updated_at
            FROM conversation_refs
            WHERE platform = 'teams-answer' AND instr(channel_id, '|') > 1 AND json_valid(reference_json)
                AND json_extract(reference_json, '$.AnswerId') IS NOT NULL;
        DELETE FROM conversation_refs WHERE platform IN ('discord-conversation', 'teams-answer');
        """,
        // 5: several workers share source fetching: a fetch is claimed for a while (lease_until),
        // and a stored document keeps its rendered text, so every worker can write the same file.
        """
        ALTER TABLE source_state ADD COLUMN lease_until INTEGER;
        ALTER TABLE source_documents ADD COLUMN content TEXT;
        """,
        // 6: several workers coordinate through the store: named leases (gateway shards, identify
        // buckets), raise-only shared numbers (the shard count), event ids seen by any worker, and
        // when a digest part began (a platform that deduplicates retries for a while may repost it).
        """
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            lease_until INTEGER NOT NULL,
            acquired_at INTEGER NOT NULL
        );
        CREATE TABLE shared_numbers (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE seen_events (
            event_key TEXT PRIMARY KEY,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX ix_seen_events_expires ON seen_events (expires_at);
        ALTER TABLE deliveries ADD COLUMN part_began_at INTEGER;
        """,
        // 7: a digest run's claim names its holder, so the holder can renew a short claim while it
        // posts (a dead holder's claim then runs out soon) and a worker whose claim was taken over stops.
        """
        ALTER TABLE deliveries ADD COLUMN lease_holder TEXT;
        """,
        // 8: the inbox lease walks pending items oldest first and stops at the first free ones;
        // without this index it read and sorted every pending row, so a backlog slowed its own drain.
        """
        CREATE INDEX ix_inbox_order ON inbox (platform, state, id);
        """,
        // 9: Teams inbox items and source fetches name their claim's holder too, so every write
        // made under a claim is fenced on still holding it (a worker paused past its claim writes nothing).
        """
        ALTER TABLE inbox ADD COLUMN lease_holder TEXT;
        ALTER TABLE source_state ADD COLUMN lease_holder TEXT;
        """,
    ];

    public static IReadOnlyList<string> Postgres { get; } =
    [
        """
        CREATE TABLE subscriptions (
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            cron TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            post_when_empty BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            covered_until BIGINT NOT NULL,
            paused BIGINT NOT NULL DEFAULT 0,
            pause_reason TEXT,
            scheduled_through BIGINT NOT NULL,
            consecutive_failures BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (platform, channel_id)
        );
        CREATE TABLE deliveries (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            scheduled_for BIGINT NOT NULL,
            outcome TEXT NOT NULL,
            reason TEXT NOT NULL,
            attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt_at BIGINT,
            lease_until BIGINT,
            created_at BIGINT NOT NULL,
            completed_at BIGINT
        );
        CREATE UNIQUE INDEX ux_deliveries_run ON deliveries (platform, channel_id, scheduled_for) WHERE kind = 'scheduled';
        CREATE INDEX ix_deliveries_outcome ON deliveries (outcome, next_attempt_at);
        CREATE INDEX ix_deliveries_channel ON deliveries (platform, channel_id, scheduled_for);
        CREATE TABLE corpus_changes (
            document_id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            first_seen BIGINT NOT NULL,
            last_changed BIGINT NOT NULL,
            removed_at BIGINT
        );
        CREATE TABLE conversation_refs (
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            reference_json TEXT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (platform, channel_id)
        );
        CREATE TABLE answers (
            id TEXT PRIMARY KEY,
            platform TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            user_id TEXT,
            question TEXT NOT NULL,
            answered BIGINT NOT NULL,
            answer_json TEXT NOT NULL,
            at BIGINT NOT NULL
        );
        CREATE INDEX ix_answers_at ON answers (at);
        CREATE TABLE feedback (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
            user_id TEXT,
            helpful BIGINT NOT NULL,
            at BIGINT NOT NULL,
            UNIQUE (answer_id, user_id)
        );
        CREATE INDEX ix_feedback_at ON feedback (at);
        CREATE TABLE store_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE source_state (
            source_id TEXT PRIMARY KEY,
            last_fetch_at BIGINT,
            last_outcome TEXT,
            last_reason TEXT,
            items BIGINT NOT NULL DEFAULT 0,
            failure_streak BIGINT NOT NULL DEFAULT 0,
            next_fetch_at BIGINT,
            etag TEXT,
            last_modified TEXT
        );
        CREATE TABLE source_documents (
            url TEXT PRIMARY KEY,
            source_id TEXT NOT NULL,
            relative_path TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            version TEXT,
            etag TEXT,
            last_modified TEXT,
            first_stored BIGINT NOT NULL,
            last_stored BIGINT NOT NULL
        );
        CREATE INDEX ix_source_documents_hash ON source_documents (content_hash);
        """,
        """
        CREATE TABLE inbox (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            platform TEXT NOT NULL,
            item_key TEXT NOT NULL,
            conversation TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts BIGINT NOT NULL DEFAULT 0,
            parts_done BIGINT NOT NULL DEFAULT 0,
            next_attempt_at BIGINT,
            lease_until BIGINT,
            reason TEXT,
            received_at BIGINT NOT NULL,
            completed_at BIGINT,
            UNIQUE (platform, item_key)
        );
        CREATE INDEX ix_inbox_pending ON inbox (platform, state, conversation, id);
        ALTER TABLE feedback ADD COLUMN comment TEXT;
        ALTER TABLE deliveries ADD COLUMN parts_done BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE deliveries ADD COLUMN part_in_flight BIGINT;
        ALTER TABLE deliveries ADD COLUMN publish_state TEXT;
        ALTER TABLE deliveries ADD COLUMN window_until BIGINT;
        ALTER TABLE deliveries ADD COLUMN uncertain_parts BIGINT NOT NULL DEFAULT 0;
        ALTER TABLE deliveries ADD COLUMN history TEXT NOT NULL DEFAULT '';
        """,
        // 4: as SQLite's step 4; a PostgreSQL store never held the legacy rows that step moves.
        """
        CREATE TABLE conversation_contexts (
            platform TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            last_question TEXT,
            started_by_bot BIGINT NOT NULL DEFAULT 0,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (platform, conversation_id)
        );
        CREATE TABLE answer_messages (
            platform TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            answer_id TEXT NOT NULL,
            at BIGINT NOT NULL,
            PRIMARY KEY (platform, conversation_id, message_id)
        );
        """,
        """
        ALTER TABLE source_state ADD COLUMN lease_until BIGINT;
        ALTER TABLE source_documents ADD COLUMN content TEXT;
        """,
        """
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            lease_until BIGINT NOT NULL,
            acquired_at BIGINT NOT NULL
        );
        CREATE TABLE shared_numbers (
            name TEXT PRIMARY KEY,
            value BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE TABLE seen_events (
            event_key TEXT PRIMARY KEY,
            expires_at BIGINT NOT NULL
        );
        CREATE INDEX ix_seen_events_expires ON seen_events (expires_at);
        ALTER TABLE deliveries ADD COLUMN part_began_at BIGINT;
        """,
        """
        ALTER TABLE deliveries ADD COLUMN lease_holder TEXT;
        """,
        """
        CREATE INDEX ix_inbox_order ON inbox (platform, state, id);
        """,
        """
        ALTER TABLE inbox ADD COLUMN lease_holder TEXT;
        ALTER TABLE source_state ADD COLUMN lease_holder TEXT;
        """,
    ];
}
