import { createRequire } from "node:module";
import type * as Grpc from "@grpc/grpc-js";
import type * as AnyProto from "google-protobuf/google/protobuf/any_pb";
import type * as EmptyProto from "google-protobuf/google/protobuf/empty_pb";
import type * as StructProto from "google-protobuf/google/protobuf/struct_pb";
import type * as EngineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as EngineProto from "@pulumi/pulumi/proto/engine_pb";
import type * as PluginProto from "@pulumi/pulumi/proto/plugin_pb";
import type * as ProviderGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb";
import type * as ResourceGrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import type * as ResourceProto from "@pulumi/pulumi/proto/resource_pb";
import type * as StatusProto from "@pulumi/pulumi/proto/status_pb";

// The gRPC stubs the Pulumi Node SDK generates and ships in `@pulumi/pulumi/proto`, with the
// gRPC and protobuf runtimes they were generated for, all loaded from the SDK's own location:
// one copy of each, whatever package manager laid out node_modules. Loading only these files
// (not the SDK's index) keeps the plugin's start fast and its tarball small.
const fromSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
const load = <Module>(specifier: string) => fromSdk(specifier) as Module;

/** The modules the plugin speaks the engine's protocol with. */
export const sdk = {
  grpc: load<typeof Grpc>("@grpc/grpc-js"),
  anyProto: load<typeof AnyProto>("google-protobuf/google/protobuf/any_pb"),
  emptyProto: load<typeof EmptyProto>("google-protobuf/google/protobuf/empty_pb"),
  structProto: load<typeof StructProto>("google-protobuf/google/protobuf/struct_pb"),
  engineGrpc: load<typeof EngineGrpc>("./proto/engine_grpc_pb"),
  engineProto: load<typeof EngineProto>("./proto/engine_pb"),
  pluginProto: load<typeof PluginProto>("./proto/plugin_pb"),
  providerGrpc: load<typeof ProviderGrpc>("./proto/provider_grpc_pb"),
  providerProto: load<typeof ProviderProto>("./proto/provider_pb"),
  resourceGrpc: load<typeof ResourceGrpc>("./proto/resource_grpc_pb"),
  resourceProto: load<typeof ResourceProto>("./proto/resource_pb"),
  statusProto: load<typeof StatusProto>("./proto/status_pb"),
};
