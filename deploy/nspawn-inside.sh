#!/usr/bin/env bash
# Runs inside the booted Debian 12 container (see nspawn-install-test.sh): install, upgrade, backup, restore, checks.
set -euo pipefail
step() { printf '\n=== %s\n' "$*"; }
cd /root/src

step "1. install on a clean Debian 12 ($(cat /etc/debian_version), $(systemctl --version | head -n 1))"
deploy/install.sh --published /root/publish
systemctl is-active tomte.service
systemctl show tomte.service -p Type -p ActiveState -p SubState -p MainPID -p NRestarts
sleep 5
journalctl -u tomte.service --no-pager -o cat | tail -n 15

step "2. the service is reachable: metrics on loopback, tomte status, doctor"
curl -fsS http://127.0.0.1:9464/metrics | grep -E '^# (TYPE|HELP) tomte_|^tomte_' | head -n 10 || echo "(no tomte_ series yet: no job has run)"
curl -fsS -o /dev/null -w 'metrics endpoint: HTTP %{http_code}\n' http://127.0.0.1:9464/metrics
runuser -u tomte -- /opt/tomte/tomte status
runuser -u tomte -- /opt/tomte/tomte doctor

step "3. upgrade in place keeps /etc/tomte and the data"
printf '\n# marker kept across upgrades\n' >>/etc/tomte/secrets.env
sed -i 's#"StaleAfter": "3.00:00:00"#"StaleAfter": "4.00:00:00"#' /etc/tomte/appsettings.json
runuser -u postgres -- psql -d tomte -qAtc "INSERT INTO ops.job_run (job_name, fire_instance_id, instance_name, started_at, finished_at, outcome) VALUES ('upgrade-marker', 'upgrade-marker', 'test', now(), now(), 'succeeded')"
sum_before=$(sha256sum /etc/tomte/appsettings.json /etc/tomte/secrets.env)
pid_before=$(systemctl show -p MainPID --value tomte.service)
upgrade=/root/publish-upgrade; [ -d "$upgrade" ] || upgrade=/root/publish
echo "upgrading to the build in $upgrade"
deploy/install.sh --published "$upgrade"
cmp -s /opt/tomte/tomte.dll /opt/tomte.old/tomte.dll && echo "same tomte.dll as before" || echo "new tomte.dll installed (the old one kept in /opt/tomte.old)"
sum_after=$(sha256sum /etc/tomte/appsettings.json /etc/tomte/secrets.env)
[ "$sum_before" = "$sum_after" ] && echo "configuration unchanged by the upgrade"
[ "$(runuser -u postgres -- psql -d tomte -qAtc "SELECT count(*) FROM ops.job_run WHERE job_name = 'upgrade-marker'")" = 1 ] && echo "data kept by the upgrade"
ls -d /opt/tomte /opt/tomte.old
echo "service restarted: MainPID $pid_before -> $(systemctl show -p MainPID --value tomte.service), $(systemctl is-active tomte.service)"

step "4. backup timer and rotation"
systemctl list-timers tomte-backup.timer --all --no-pager
for days in 20 21 22 23; do touch -d "$days days ago" "/var/backups/tomte/tomte-old$days.dump"; done
chown postgres:postgres /var/backups/tomte/*.dump
systemctl start tomte-backup.service
journalctl -u tomte-backup.service --no-pager -o cat | tail -n 5
ls -l /var/backups/tomte

step "5. restore into a fresh database; doctor passes on it"
dump=$(ls -t /var/backups/tomte/tomte-2*.dump | head -n 1)
/opt/tomte/restore.sh "$dump"
step "5b. restore replacing the live database (service stopped and started)"
/opt/tomte/restore.sh --replace "$dump"
systemctl is-active tomte.service
runuser -u postgres -- psql -qAtc "SELECT datname FROM pg_database WHERE datname LIKE 'tomte%' ORDER BY 1"

step "6. graceful stop within the unit's timeout"
time systemctl stop tomte.service
systemctl show tomte.service -p Result -p ExecMainStatus
systemctl start tomte.service

step "7. systemd-analyze security (systemd $(systemctl --version | head -n 1 | cut -d' ' -f2))"
systemd-analyze security tomte.service --no-pager | tail -n 1
systemd-analyze security --offline=yes /etc/systemd/system/tomte.service --no-pager | tail -n 1
systemd-analyze security tomte-backup.service --no-pager | tail -n 1
step "done"
