{{/* The chart's name, or nameOverride. */}}
{{- define "event-router.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-<name>, or the release name when it already contains the name; at most 63 characters. */}}
{{- define "event-router.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "event-router.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "event-router.selectorLabels" -}}
app.kubernetes.io/name: {{ include "event-router.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "event-router.labels" -}}
{{ include "event-router.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The original chart's image repositories: they hold the original router, not this one. */}}
{{- define "event-router.originalRepository" -}}
{{- has (.Values.image.repository | default "") (list "ghcr.io/vmware-samples/vcenter-event-broker-appliance/router" "vmware/veba-event-router" "docker.io/vmware/veba-event-router") -}}
{{- end -}}

{{- define "event-router.image" -}}
{{- if .Values.image.fullImage -}}
{{- .Values.image.fullImage -}}
{{- else if eq (include "event-router.originalRepository" .) "true" -}}
{{- printf "localhost/event-router:%s" .Chart.AppVersion -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{/* Nothing can be pulled from localhost/: Always would never start the pod. */}}
{{- define "event-router.imagePullPolicy" -}}
{{- if and (hasPrefix "localhost/" (include "event-router.image" .)) (ne .Values.image.pullPolicy "Never") -}}
IfNotPresent
{{- else -}}
{{- .Values.image.pullPolicy -}}
{{- end -}}
{{- end -}}

{{- define "event-router.configSecret" -}}
{{- default (printf "%s-%s" (include "event-router.fullname" .) .Values.eventrouter.config.name) .Values.eventrouter.config.existingSecret -}}
{{- end -}}

{{/* Whether the webhook port is published: service.webhook true/false, or auto (the webhook provider). */}}
{{- define "event-router.exposeWebhook" -}}
{{- if eq (toString .Values.service.webhook) "auto" -}}
{{- if eq .Values.eventrouter.eventProvider "webhook" }}true{{ end -}}
{{- else if .Values.service.webhook -}}
true
{{- end -}}
{{- end -}}

{{/* "true" when a Knative destination has an absolute uri (which then stands alone). */}}
{{- define "event-router.absoluteUri" -}}
{{- if and .uri (contains "://" (toString .uri)) }}true{{ end -}}
{{- end -}}

{{/* The Knative objects the router resolves: the destination's ref (namespace: the router's by default). */}}
{{- define "event-router.knativeRefs" -}}
{{- $refs := list -}}
{{- if and (eq .Values.eventrouter.eventProcessor "knative") (not .Values.eventrouter.config.file) (not .Values.eventrouter.config.existingSecret) -}}
{{- if not (include "event-router.absoluteUri" .Values.eventrouter.knative.destination) -}}
{{- with .Values.eventrouter.knative.destination.ref -}}
{{- $refs = append $refs (dict "apiVersion" .apiVersion "kind" .kind "namespace" (default $.Release.Namespace .namespace)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- range .Values.rbac.extraRefs -}}
{{- $refs = append $refs (dict "apiVersion" .apiVersion "kind" .kind "namespace" (default $.Release.Namespace .namespace)) -}}
{{- end -}}
{{- toJson $refs -}}
{{- end -}}

{{/* Refuses value combinations that would deliver events twice or not start. */}}
{{- define "event-router.checks" -}}
{{- $pull := has .Values.eventrouter.eventProvider (list "vcenter" "horizon") -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.highAvailability.enabled) $pull (not .Values.eventrouter.config.file) (not .Values.eventrouter.config.existingSecret) -}}
{{- fail (printf "replicaCount %v with eventProvider %s reads every event once per replica: set highAvailability.enabled=true" .Values.replicaCount .Values.eventrouter.eventProvider) -}}
{{- end -}}
{{- if and .Values.highAvailability.enabled .Values.eventrouter.config.file (not (contains "highAvailability:" .Values.eventrouter.config.file)) -}}
{{- fail "highAvailability.enabled with eventrouter.config.file: the file needs its own highAvailability section (the chart does not edit a given file)" -}}
{{- end -}}
{{- if and .Values.highAvailability.enabled (eq .Values.highAvailability.checkpoints "directory") (not (and .Values.persistence.enabled (has "ReadWriteMany" .Values.persistence.accessModes))) -}}
{{- fail "highAvailability.checkpoints=directory needs a shared volume: persistence.enabled=true with accessModes [ReadWriteMany]" -}}
{{- end -}}
{{- if and .Values.highAvailability.enabled (eq .Values.highAvailability.checkpoints "directory") .Values.persistence.perPod -}}
{{- fail "highAvailability.checkpoints=directory needs one volume every replica mounts; persistence.perPod gives each its own: use checkpoints=configMap" -}}
{{- end -}}
{{- if and .Values.persistence.perPod .Values.persistence.existingClaim -}}
{{- fail "persistence.perPod makes a volume per pod; persistence.existingClaim is one volume: set only one of them" -}}
{{- end -}}
{{- if lt (int .Values.terminationGracePeriodSeconds) (add (int .Values.shutdownGraceSeconds) 5) -}}
{{- fail (printf "terminationGracePeriodSeconds %v must be at least shutdownGraceSeconds %v + 5: the pod is killed at the end of its grace period, while the router drains and delivers" .Values.terminationGracePeriodSeconds .Values.shutdownGraceSeconds) -}}
{{- end -}}
{{- end -}}
