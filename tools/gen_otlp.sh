#!/bin/sh
# Regenerates lib/otlp/gen/ (protobuf-es code for OTLP traces) from the official OTLP v1.7.0 .proto
# files that dd-trace@6.21.0 vendors on npm (Apache-2.0). Needs npm and tar; run from the repo root:
#   sh tools/gen_otlp.sh
set -eu
DD_TRACE=dd-trace@6.21.0
BUF=@bufbuild/buf@1.75.0
PROTOC_GEN_ES=@bufbuild/protoc-gen-es@2.17.0 # keep in step with @bufbuild/protobuf in deno.json

out="$(pwd)/lib/otlp/gen"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

npm install --silent --no-save --no-package-lock --prefix tools "$BUF" "$PROTOC_GEN_ES"
tar xzf "$(npm pack --silent "$DD_TRACE")" package/packages/dd-trace/src/opentelemetry/otlp
vendored=package/packages/dd-trace/src/opentelemetry/otlp

# dd-trace flattens the imports; put the files back at their official paths.
place() { # file, directory
  mkdir -p "proto/$2"
  sed -e 's#^import "common.proto";#import "opentelemetry/proto/common/v1/common.proto";#' \
    -e 's#^import "resource.proto";#import "opentelemetry/proto/resource/v1/resource.proto";#' \
    -e 's#^import "trace.proto";#import "opentelemetry/proto/trace/v1/trace.proto";#' \
    "$vendored/$1" >"proto/$2/$1"
}
place common.proto opentelemetry/proto/common/v1
place resource.proto opentelemetry/proto/resource/v1
place trace.proto opentelemetry/proto/trace/v1
place trace_service.proto opentelemetry/proto/collector/trace/v1

# google.rpc.Status, the body of OTLP/HTTP error responses (googleapis google/rpc/status.proto).
mkdir -p proto/google/rpc
cat >proto/google/rpc/status.proto <<'PROTO'
syntax = "proto3";

package google.rpc;

import "google/protobuf/any.proto";

message Status {
  int32 code = 1;
  string message = 2;
  repeated google.protobuf.Any details = 3;
}
PROTO

cat >buf.gen.yaml <<YAML
version: v2
inputs:
  - directory: proto
plugins:
  - local: $work/tools/node_modules/.bin/protoc-gen-es
    out: gen
    opt: [target=ts, import_extension=ts]
YAML
tools/node_modules/.bin/buf generate

rm -rf "$out"
mkdir -p "$out"
cp -R gen/. "$out/"
cd "$out/../../.."
deno fmt --quiet lib/otlp/gen
echo "generated $(find lib/otlp/gen -name '*.ts' | wc -l) files in lib/otlp/gen from $DD_TRACE"
