// One JOD deployment declared in TypeScript: two recorders in London for four hours.
//
//   pulumi config set domain meet.example.com    # your Jitsi domain, as configured in JOD
//   pulumi config set --secret jod:apiKey <key from the JOD dashboard>
import * as pulumi from "@pulumi/pulumi";
import * as jod from "pulumi-jod";

const config = new pulumi.Config();

const recorders = new jod.RecorderDeployment("london", {
  domain: config.require("domain"),
  recorders: 2,
  duration: 4,
  location: "lon",
});

/** JOD's id for the deployment. */
export const deploymentId = recorders.deploymentId;
/** Each recorder's id and IP, as JOD's callback reported them. */
export const deployedRecorders = recorders.deployedRecorders;
/** The recorders' IPs, e.g. to open XMPP (5222) on the Jitsi host to them. */
export const recorderIps = recorders.recorderIps;
/** When the recorders stop (ISO 8601); a later `pulumi refresh` drops the expired deployment. */
export const expiresAt = recorders.expiresAt;
/** `ready` once JOD called back; see the README for the other states. */
export const status = recorders.status;
