-- Room for the metadata that dynamic client registration accepts (README, "Client registration"): 20 redirect URIs
-- of 2,000 characters, and inline jwks of up to 10 keys (about 32,000 characters) inside client_settings.
-- Spring Authorization Server's own schema has varchar(1000) and varchar(4000) here.
ALTER TABLE oauth2_registered_client ALTER COLUMN redirect_uris SET DATA TYPE varchar(100000);
ALTER TABLE oauth2_registered_client ALTER COLUMN client_settings SET DATA TYPE varchar(100000);
