-- EHR launch: the opaque launch values an EHR mints, bound to the patient (and encounter) open in the EHR.
CREATE TABLE smart_launch_context (
    launch_id varchar(100) NOT NULL,
    patient varchar(100) NOT NULL,
    encounter varchar(100) DEFAULT NULL,
    created_by varchar(100) NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (launch_id)
);
