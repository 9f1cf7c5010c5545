# Run by the postgres image's entrypoint (bash, sourced) once, when the data
# directory is first initialised: partywork's database, roles and schemas,
# then each service role's password from that service's Secret.
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v dbname=partywork -f /etc/partywork/provision/provision.sql
for svc in membership inspection reporting gateway; do
  password_var="PARTYWORK_${svc^^}_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname partywork \
    -v role="partywork_$svc" -v password="${!password_var}" <<'SQL'
ALTER ROLE :"role" PASSWORD :'password';
SQL
done
