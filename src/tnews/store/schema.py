"""The store's schema as a list of migrations; PRAGMA user_version says how many have run."""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: feeds, articles, sections
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,          -- the URL the user subscribed to (config key)
        fetch_url TEXT NOT NULL,           -- where it lives now (follows permanent redirects)
        title TEXT NOT NULL DEFAULT '',    -- from the config, else from the feed
        feed_title TEXT NOT NULL DEFAULT '',
        section TEXT NOT NULL DEFAULT '',  -- configured group
        site_url TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        etag TEXT,
        last_modified TEXT,
        last_attempt REAL,
        last_success REAL,
        last_status INTEGER,
        last_error TEXT,
        error_kind TEXT,
        retry_after REAL,                  -- epoch seconds before which the feed is not polled
        gone INTEGER NOT NULL DEFAULT 0,
        builtin INTEGER NOT NULL DEFAULT 0,
        subscribed INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        published REAL NOT NULL,
        fetched REAL NOT NULL,
        lead TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',      -- document JSON from the feed
        is_summary INTEGER NOT NULL DEFAULT 0,
        full_body TEXT,                     -- document JSON from the article page
        full_error TEXT,
        see_also TEXT NOT NULL DEFAULT '[]',
        related TEXT NOT NULL DEFAULT '[]',
        categories TEXT NOT NULL DEFAULT '[]',
        site_section TEXT NOT NULL DEFAULT '',
        dateline TEXT NOT NULL DEFAULT '',
        lead_caption TEXT NOT NULL DEFAULT '',
        direction TEXT,
        content_hash TEXT NOT NULL DEFAULT '',
        read INTEGER NOT NULL DEFAULT 0,
        bookmarked INTEGER NOT NULL DEFAULT 0,
        bookmarked_at REAL,
        UNIQUE (feed_id, guid)
    );
    CREATE INDEX articles_by_date ON articles (published DESC, id DESC);
    CREATE INDEX articles_by_feed ON articles (feed_id, published DESC);
    CREATE INDEX articles_unread ON articles (read, published DESC);
    CREATE INDEX articles_bookmarked ON articles (bookmarked, bookmarked_at DESC);
    CREATE TABLE article_sections (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        key TEXT NOT NULL,       -- normalised name: spelling variants are one section
        name TEXT NOT NULL,      -- a name as the site or the config spells it
        kind TEXT NOT NULL,      -- 'group' (configured) or 'site'
        PRIMARY KEY (key, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_sections_by_article ON article_sections (article_id);
    """,
    # 2: full-text search over normalised text, and same-story links
    """
    CREATE VIRTUAL TABLE search USING fts5 (title, body, tokenize = 'unicode61');
    CREATE TABLE signatures (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature TEXT NOT NULL
    );
    CREATE TABLE signature_tokens (
        token TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (token, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX signature_tokens_by_article ON signature_tokens (article_id);
    CREATE TABLE same_story (
        a INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        b INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        score REAL NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE INDEX same_story_by_b ON same_story (b);
    """,
    # 3: read and bookmark state readable without touching article rows. `read` and
    # `bookmarked` sit after the body, so a table scan walks every body's overflow pages:
    # the section counts cost 60 ms at 10k stored articles without these, under 1 ms with.
    """
    CREATE INDEX articles_state ON articles (read, bookmarked);
    CREATE INDEX articles_read_by_id ON articles (id, read);
    """,
    # 4: a digest of the feed entry each article was prepared from (and of the code that
    # prepared it), so a refresh skips the costly preparation of entries that did not change.
    """
    ALTER TABLE articles ADD COLUMN source_hash TEXT NOT NULL DEFAULT '';
    """,
    # 5: articles stored as fetched and prepared afterwards. A refresh stores each new entry
    # with its source (JSON: the entry's HTML and what preparing it needs), so it is listed
    # and readable at once; turning it into a document, indexing it for search and linking
    # the same story follow, and clear `source`. pending: 0 prepared, 1 awaiting preparation,
    # 2 awaiting preparation without same-story linking (far down a very long feed).
    """
    ALTER TABLE articles ADD COLUMN source TEXT;
    ALTER TABLE articles ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX articles_pending ON articles (id) WHERE pending != 0;
    """,
    # 6: article and section counts kept by triggers, whatever statement writes. Counting them
    # cost 87 ms at 100k articles, and the reader recounts whenever an article is opened.
    # A section's counts are kept per spelling (name) and kind, so that the name and kind
    # shown (the least of each) are exact after deletes too. Deleting an article deletes its
    # sections first, while its read state can still be looked up.
    """
    CREATE TABLE article_counts (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        total INTEGER NOT NULL,
        unread INTEGER NOT NULL,
        bookmarked INTEGER NOT NULL
    );
    INSERT INTO article_counts
        SELECT 1, COUNT(*), COALESCE(SUM(read = 0), 0), COALESCE(SUM(bookmarked), 0)
        FROM articles;
    CREATE TABLE section_counts (
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        total INTEGER NOT NULL,
        unread INTEGER NOT NULL,
        PRIMARY KEY (key, name, kind)
    ) WITHOUT ROWID;
    INSERT INTO section_counts
        SELECT s.key, s.name, s.kind, COUNT(*), COALESCE(SUM(a.read = 0), 0)
        FROM article_sections s JOIN articles a ON a.id = s.article_id
        GROUP BY s.key, s.name, s.kind;
    CREATE TRIGGER article_counts_insert AFTER INSERT ON articles BEGIN
        UPDATE article_counts SET total = total + 1, unread = unread + (NEW.read = 0),
            bookmarked = bookmarked + NEW.bookmarked;
    END;
    CREATE TRIGGER article_counts_delete BEFORE DELETE ON articles BEGIN
        DELETE FROM article_sections WHERE article_id = OLD.id;
        UPDATE article_counts SET total = total - 1, unread = unread - (OLD.read = 0),
            bookmarked = bookmarked - OLD.bookmarked;
    END;
    CREATE TRIGGER article_counts_read AFTER UPDATE OF read ON articles
    WHEN (OLD.read = 0) IS NOT (NEW.read = 0) BEGIN
        UPDATE article_counts SET unread = unread + (NEW.read = 0) - (OLD.read = 0);
        UPDATE section_counts SET unread = unread + (NEW.read = 0) - (OLD.read = 0)
            WHERE (key, name, kind) IN
                (SELECT key, name, kind FROM article_sections WHERE article_id = NEW.id);
    END;
    CREATE TRIGGER article_counts_bookmarked AFTER UPDATE OF bookmarked ON articles
    WHEN OLD.bookmarked IS NOT NEW.bookmarked BEGIN
        UPDATE article_counts SET bookmarked = bookmarked + NEW.bookmarked - OLD.bookmarked;
    END;
    CREATE TRIGGER section_counts_insert AFTER INSERT ON article_sections BEGIN
        INSERT OR IGNORE INTO section_counts (key, name, kind, total, unread)
            VALUES (NEW.key, NEW.name, NEW.kind, 0, 0);
        UPDATE section_counts SET total = total + 1,
            unread = unread + COALESCE((SELECT read = 0 FROM articles WHERE id = NEW.article_id), 0)
            WHERE key = NEW.key AND name = NEW.name AND kind = NEW.kind;
    END;
    CREATE TRIGGER section_counts_delete AFTER DELETE ON article_sections BEGIN
        UPDATE section_counts SET total = total - 1,
            unread = unread - COALESCE((SELECT read = 0 FROM articles WHERE id = OLD.article_id), 0)
            WHERE key = OLD.key AND name = OLD.name AND kind = OLD.kind;
        DELETE FROM section_counts
            WHERE key = OLD.key AND name = OLD.name AND kind = OLD.kind AND total <= 0;
    END;
    CREATE TRIGGER section_counts_update AFTER UPDATE ON article_sections BEGIN
        UPDATE section_counts SET total = total - 1,
            unread = unread - COALESCE((SELECT read = 0 FROM articles WHERE id = OLD.article_id), 0)
            WHERE key = OLD.key AND name = OLD.name AND kind = OLD.kind;
        DELETE FROM section_counts
            WHERE key = OLD.key AND name = OLD.name AND kind = OLD.kind AND total <= 0;
        INSERT OR IGNORE INTO section_counts (key, name, kind, total, unread)
            VALUES (NEW.key, NEW.name, NEW.kind, 0, 0);
        UPDATE section_counts SET total = total + 1,
            unread = unread + COALESCE((SELECT read = 0 FROM articles WHERE id = NEW.article_id), 0)
            WHERE key = NEW.key AND name = NEW.name AND kind = NEW.kind;
    END;
    """,
    # 7: articles hidden by the config's filters (the killfile) when a refresh stored them.
    # Kept, not deleted, so `tnews list --hidden` shows them; the few there are are found
    # through a partial index and taken off the counts kept by migration 6's triggers.
    # And what the reader's refresh timer knows of each feed: until when the server or the
    # feed said its copy stays fresh, and how many attempts in a row failed (to back off).
    """
    ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX articles_hidden ON articles (id) WHERE hidden != 0;
    CREATE TABLE feed_schedule (
        feed_id INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
        fresh_until REAL,
        failures INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 8: article pages fetched during the refresh for summary-only feeds. A feed's page mode
    # ('auto': fetched when the feed is summary-only; 'refresh', 'open', 'never'), and per
    # article the page attempts that failed and when the next may be made; hosts that asked
    # to wait (429, 503 with Retry-After) until when.
    """
    ALTER TABLE feeds ADD COLUMN page_mode TEXT NOT NULL DEFAULT 'auto';
    ALTER TABLE articles ADD COLUMN page_attempts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN page_retry_at REAL;
    CREATE INDEX articles_wanting_pages ON articles (feed_id, published DESC)
        WHERE is_summary = 1 AND full_body IS NULL;
    CREATE TABLE page_waits (
        host TEXT PRIMARY KEY,
        until REAL NOT NULL
    ) WITHOUT ROWID;
    """,
    # 9: one article, one row, and what each feed carries now. An article reached through
    # several feeds of a site (same guid, or the same link once normalised: link_key) is one
    # row; article_feeds says which feeds carry it, under which guid, and whether the feed
    # carried it when last fetched whole (retention never forgets what a feed still carries).
    # Validators are dropped once, so that the next fetch brings back every item earlier
    # versions left out for its age. link_key is filled, and copies merged, after this runs.
    """
    ALTER TABLE articles ADD COLUMN link_key TEXT NOT NULL DEFAULT '';
    CREATE INDEX articles_by_link ON articles (link_key);
    CREATE TABLE article_feeds (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        guid TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        carried INTEGER NOT NULL DEFAULT 1,  -- in the feed as last fetched whole
        source_hash TEXT NOT NULL DEFAULT '', -- of this feed's entry, when not the article's own
        categories TEXT NOT NULL DEFAULT '[]', -- this feed's categories for it
        PRIMARY KEY (feed_id, guid)
    ) WITHOUT ROWID;
    CREATE INDEX article_feeds_by_article ON article_feeds (article_id);
    CREATE INDEX article_feeds_by_guid ON article_feeds (guid);
    INSERT INTO article_feeds (feed_id, guid, article_id, carried, categories)
        SELECT a.feed_id, a.guid, a.id, 1, a.categories
        FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.builtin = 0;
    UPDATE feeds SET etag = NULL, last_modified = NULL;
    """,
    # 10: where an article's date comes from: 'feed', 'page' (the feed gave none; the article
    # page did) or 'seen' (nobody gave one: the time it was first seen, which views say).
    # Before this, an undated article was stored with its first fetch as its date.
    """
    ALTER TABLE articles ADD COLUMN published_from TEXT NOT NULL DEFAULT 'feed';
    UPDATE articles SET published_from = 'seen' WHERE published = fetched;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
