{{/* Names and labels. */}}
{{- define "laurel.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The Kubernetes name of one service: {{ include "laurel.serviceName" (dict "root" $ "name" "reward") }} */}}
{{- define "laurel.serviceName" -}}
{{- printf "%s-%s" (include "laurel.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every object; a service's objects add laurel.selectorLabels, the others laurel.instanceLabel. */}}
{{- define "laurel.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: laurel
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one service's pods. */}}
{{- define "laurel.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}-service
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/*
One service's settings: serviceDefaults overlaid by services.<name>. Booleans are read with `dig`
because a plain merge does not let `false` override `true`.
*/}}
{{- define "laurel.service" -}}
{{- $cfg := index .root.Values.services .name -}}
{{- $d := .root.Values.serviceDefaults -}}
{{- $m := mergeOverwrite (deepCopy $d) (deepCopy $cfg) -}}
{{- $_ := set $m.autoscaling "enabled" (dig "autoscaling" "enabled" $d.autoscaling.enabled $cfg) -}}
{{- $_ := set $m.podDisruptionBudget "enabled" (dig "podDisruptionBudget" "enabled" $d.podDisruptionBudget.enabled $cfg) -}}
{{- $_ := set $m "topologySpread" (dig "topologySpread" $d.topologySpread $cfg) -}}
{{- $_ := set $m "postgres" (mergeOverwrite (deepCopy .root.Values.postgres) (deepCopy ($cfg.postgres | default dict))) -}}
{{- toYaml $m -}}
{{- end -}}

{{/* host:port where the others reach one service. */}}
{{- define "laurel.address" -}}
{{- $cfg := index .root.Values.services .name -}}
{{- if $cfg.address -}}
{{- $cfg.address -}}
{{- else -}}
{{- printf "%s:%v" (include "laurel.serviceName" .) $cfg.port -}}
{{- end -}}
{{- end -}}

{{- define "laurel.image" -}}
{{- $img := .root.Values.image -}}
{{- $repo := printf "%s/%s-service" $img.repository .name -}}
{{- if $img.registry -}}{{- $repo = printf "%s/%s" $img.registry $repo -}}{{- end -}}
{{- printf "%s:%s" $repo ($img.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{- define "laurel.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "laurel.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/* The Secret holding one service's Postgres credentials: (dict "root" $ "name" "reward" "svc" $svc). */}}
{{- define "laurel.postgresSecret" -}}
{{- .svc.postgres.existingSecret | default (printf "%s-postgres" (include "laurel.serviceName" .)) -}}
{{- end -}}

{{- define "laurel.redisSecret" -}}
{{- .Values.redis.existingSecret | default (printf "%s-redis" (include "laurel.fullname" .)) -}}
{{- end -}}

{{/* The services whose pods call the named one (reverse of services.<x>.calls), enabled or not. */}}
{{- define "laurel.callers" -}}
{{- $callers := list -}}
{{- range $other, $cfg := .root.Values.services -}}
{{- if has $.name $cfg.calls -}}{{- $callers = append $callers $other -}}{{- end -}}
{{- end -}}
{{- toJson $callers -}}
{{- end -}}

{{- define "laurel.instanceLabel" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
