#!/bin/sh
# First start of the container only (an empty data volume): the owner role, the database in C.UTF-8,
# the staff group and its rights on the tables the owner will create (docs/centre.md, section 2).
# The workstations' logins are added later, one per workstation or person:
#   CREATE ROLE desk01 LOGIN PASSWORD '…' IN ROLE mediation_staff;
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v owner_pw="$MEDIATION_OWNER_PASSWORD" <<'SQL'
CREATE ROLE mediation_owner LOGIN PASSWORD :'owner_pw';
CREATE DATABASE mediation OWNER mediation_owner ENCODING 'UTF8'
    LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0;
REVOKE ALL ON DATABASE mediation FROM PUBLIC;
CREATE ROLE mediation_staff NOLOGIN;
GRANT CONNECT ON DATABASE mediation TO mediation_staff;
\connect mediation
GRANT USAGE ON SCHEMA public TO mediation_staff;
ALTER DEFAULT PRIVILEGES FOR ROLE mediation_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO mediation_staff;
ALTER DEFAULT PRIVILEGES FOR ROLE mediation_owner IN SCHEMA public
    GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO mediation_staff;
SQL
