{{/*
The configuration file made from the original chart's values: the original's config.yaml, with strings quoted (a
password may hold any character), the horizon provider, checkpoints, TLS and high availability added.
*/}}
{{- define "event-router.config" -}}
{{- $er := .Values.eventrouter -}}
{{- $ha := .Values.highAvailability -}}
{{- $tlsDir := "/etc/event-router/tls" -}}
apiVersion: event-router.vmware.com/v1alpha1
kind: RouterConfig
metadata:
  name: {{ include "event-router.fullname" . }}-{{ $er.config.name }}
  labels:
    {{- include "event-router.selectorLabels" . | nindent 4 }}
eventProvider:
  type: {{ $er.eventProvider }}
  name: {{ .Release.Name }}-{{ $er.eventProvider }}
  {{- if eq $er.eventProvider "vcenter" }}
  vcenter:
    {{- with $er.vcenter }}
    address: {{ .address | toJson }}
    insecureSSL: {{ .insecure }}
    checkpoint: {{ or .checkpoint $ha.enabled }}
    auth:
      type: basic_auth
      basicAuth:
        username: {{ .username | toJson }}
        password: {{ .password | toJson }}
    {{- end }}
  {{- else if eq $er.eventProvider "horizon" }}
  horizon:
    {{- with $er.horizon }}
    address: {{ .address | toJson }}
    insecureSSL: {{ .insecure }}
    checkpoint: {{ or .checkpoint $ha.enabled }}
    auth:
      type: active_directory
      activeDirectoryAuth:
        domain: {{ .domain | toJson }}
        username: {{ .username | toJson }}
        password: {{ .password | toJson }}
    {{- end }}
  {{- else if eq $er.eventProvider "webhook" }}
  webhook:
    {{- with $er.webhook }}
    bindAddress: "0.0.0.0:{{ .port }}"
    path: {{ .path | toJson }}
    {{- if .username }}
    auth:
      type: basic_auth
      basicAuth:
        username: {{ .username | toJson }}
        password: {{ .password | toJson }}
    {{- end }}
    {{- if .journal }}
    # 200 once fsync'd here (the working directory's volume); drained on SIGTERM, the rest delivered by the next
    # pod on this volume (persistence.perPod)
    journal:
      directory: webhook-journal
      maxBytes: {{ int64 .journalMaxBytes }}
    {{- end }}
    {{- end }}
    {{- if .Values.tls.secretName }}
    tls:
      certFile: {{ $tlsDir }}/tls.crt
      keyFile: {{ $tlsDir }}/tls.key
    {{- end }}
  {{- else }}
  {{- fail (printf "eventrouter.eventProvider %q: use vcenter, horizon or webhook (or give eventrouter.config.file)" $er.eventProvider) }}
  {{- end }}
eventProcessor:
  type: {{ $er.eventProcessor }}
  name: {{ .Release.Name }}-{{ $er.eventProcessor }}
  {{- if eq $er.eventProcessor "openfaas" }}
  openfaas:
    {{- with $er.openfaas }}
    address: {{ .address | toJson }}
    async: {{ .async }}
    {{- if .basicAuth }}
    auth:
      type: basic_auth
      basicAuth:
        username: {{ .username | toJson }}
        password: {{ .password | toJson }}
    {{- end }}
    {{- end }}
  {{- else if eq $er.eventProcessor "knative" }}
  knative:
    {{- with $er.knative }}
    encoding: {{ .encoding }}
    insecureSSL: {{ .insecureSSL }}
    destination:
      {{- /* An absolute uri replaces the ref the chart's defaults hold (Helm merges maps); a relative one is
             resolved against the ref's address, as in Knative. */}}
      {{- if include "event-router.absoluteUri" .destination }}
      uri: {{ .destination.uri | toJson }}
      {{- else }}
      {{- toYaml .destination | nindent 6 }}
      {{- end }}
    {{- end }}
  {{- else }}
  {{- fail (printf "eventrouter.eventProcessor %q: use openfaas or knative (or give eventrouter.config.file)" $er.eventProcessor) }}
  {{- end }}
metricsProvider:
  type: default
  name: {{ .Release.Name }}-metrics
  default:
    bindAddress: "0.0.0.0:{{ $er.metrics.port }}"
    viewer:
      enabled: {{ $er.metrics.viewer }}
    {{- if .Values.tls.secretName }}
    tls:
      certFile: {{ $tlsDir }}/tls.crt
      keyFile: {{ $tlsDir }}/tls.key
    {{- end }}
{{- if $ha.enabled }}
highAvailability:
  name: {{ include "event-router.fullname" . | trunc 40 | trimSuffix "-" }}
  leaseDuration: {{ $ha.leaseDuration }}
  renewDeadline: {{ $ha.renewDeadline }}
  retryPeriod: {{ $ha.retryPeriod }}
  checkpoints: {{ $ha.checkpoints }}
  {{- with $ha.checkpointInterval }}
  checkpointInterval: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* The file in the Secret: the one given whole, or the one made from the values. */}}
{{- define "event-router.configFile" -}}
{{- if .Values.eventrouter.config.file -}}
{{- .Values.eventrouter.config.file -}}
{{- else -}}
{{- include "event-router.config" . -}}
{{- end -}}
{{- end -}}
