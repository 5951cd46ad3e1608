-- Who may fetch the pages of a stored search: HAPI's paging links carry only the search id, so access control
-- binds each id to the token subjects it was returned to and refuses page fetches by anyone else.
CREATE TABLE portal_search_owner (
    search_id varchar(100) NOT NULL,
    subject varchar(200) NOT NULL,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL,
    PRIMARY KEY (search_id, subject)
);
CREATE INDEX portal_search_owner_created ON portal_search_owner (created_at);
