-- The jti of every client assertion (private_key_jwt) accepted, kept until the assertion expires, so that no
-- assertion is ever accepted twice, on any node.
CREATE TABLE smart_used_client_assertion (
    client_id varchar(100) NOT NULL,
    jti varchar(200) NOT NULL,
    expires_at timestamp NOT NULL,
    PRIMARY KEY (client_id, jti)
);
