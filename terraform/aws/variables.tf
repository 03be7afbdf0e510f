variable "name_prefix" {
  description = "Prefix of every resource name; functions are named <name_prefix>-ingest, -api, -scan-drift, -compare-shadow, -maintain-tables, -profile-batches."
  type        = string
  default     = "icegate"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name_prefix))
    error_message = "name_prefix: lowercase letters, digits and '-', 2-31 characters, starting with a letter."
  }
}

variable "architecture" {
  description = "Lambda architecture; selects the deployment zip icegate-aws-<architecture>.zip, which holds only that architecture's DuckDB library."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "artifact_dir" {
  description = "Folder holding icegate-aws-x86_64.zip and icegate-aws-arm64.zip (built by ./mvnw -pl adapters/aws -am package). Defaults to the build output of this repository."
  type        = string
  default     = null
}

variable "runtime" {
  description = "Lambda Java runtime. java17 matches the bytecode level and the JDK the AppCDS archive is built with; java21 also runs the same zip (the archive is then ignored unless rebuilt on Java 21)."
  type        = string
  default     = "java17"

  validation {
    condition     = contains(["java17", "java21"], var.runtime)
    error_message = "runtime must be java17 or java21."
  }
}

variable "java_tool_options" {
  description = "JAVA_TOOL_OPTIONS of every function: C1-only tiered compilation cuts cold starts."
  type        = string
  default     = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
}

variable "appcds_archive" {
  description = "Whether the zip holds icegate.jsa, an AppCDS archive recorded with the Lambda runtime's own JDK (see README); true adds -XX:SharedArchiveFile=/var/task/icegate.jsa. An archive from another JVM build is ignored, so leave this false unless you recorded one."
  type        = bool
  default     = false
}

variable "snapstart" {
  description = "Enable Lambda SnapStart on published versions (the functions are invoked through the 'live' alias either way). icegate reopens temp dirs and catalog connections after a restore."
  type        = bool
  default     = false
}

variable "memory_mb" {
  description = "Memory (MiB) per function; DuckDB and the JVM share it. Keys: ingest, api, scan-drift, compare-shadow, maintain-tables, profile-batches."
  type        = map(number)
  default = {
    ingest            = 3008
    api               = 1024
    scan-drift        = 2048
    compare-shadow    = 2048
    maintain-tables   = 1024
    profile-batches   = 2048
  }
}

variable "timeout_seconds" {
  description = "Timeout (seconds) per function, same keys as memory_mb. The ingest queue's visibility timeout is six times the ingest timeout."
  type        = map(number)
  default = {
    ingest            = 300
    api               = 30
    scan-drift        = 900
    compare-shadow    = 300
    maintain-tables   = 900
    profile-batches   = 900
  }
}

variable "ephemeral_storage_mb" {
  description = "Size of /tmp (MiB) of the ingest and scan functions, where DuckDB stages and spills."
  type        = number
  default     = 2048
}

variable "bucket_name" {
  description = "Bucket for landing/, quarantine/, config/, reports/, artifacts/ and the Iceberg warehouse. Created by this module; defaults to <name_prefix>-<account id>-<region>."
  type        = string
  default     = null
}

variable "prefix" {
  description = "Optional key prefix of icegate inside the bucket (ICEGATE_PREFIX), e.g. \"teams/fraud/\"; empty for the bucket root."
  type        = string
  default     = ""

  validation {
    condition     = var.prefix == "" || can(regex("^[^/].*/$", var.prefix))
    error_message = "prefix must be empty or end with '/' and not start with '/'."
  }
}

variable "catalog_type" {
  description = "Iceberg catalog: glue (AWS Glue Data Catalog, databases created here) or jdbc (PostgreSQL/RDS; give catalog_uri and catalog_password_parameter)."
  type        = string
  default     = "glue"

  validation {
    condition     = contains(["glue", "jdbc"], var.catalog_type)
    error_message = "catalog_type must be glue or jdbc."
  }
}

variable "catalog_uri" {
  description = "JDBC URL of the catalog database when catalog_type = jdbc, e.g. jdbc:postgresql://db.example.internal:5432/icegate."
  type        = string
  default     = null
}

variable "catalog_user" {
  description = "JDBC user of the catalog database when catalog_type = jdbc."
  type        = string
  default     = "icegate"
}

variable "catalog_password_parameter" {
  description = "Name of an existing SSM SecureString parameter holding the JDBC password (catalog_type = jdbc). Read with decryption once per container; never put the password itself in Terraform."
  type        = string
  default     = null
}

variable "catalog_password_kms_key_arn" {
  description = "ARN of the customer managed KMS key encrypting catalog_password_parameter; null when it uses the AWS managed key aws/ssm."
  type        = string
  default     = null
}

variable "vpc_subnet_ids" {
  description = "Subnets to run the functions in (needed to reach a private RDS catalog); empty runs them outside a VPC."
  type        = list(string)
  default     = []
}

variable "vpc_security_group_ids" {
  description = "Security groups of the functions when vpc_subnet_ids is set."
  type        = list(string)
  default     = []
}

variable "ingest_batch_size" {
  description = "S3 notifications (SQS messages) per ingest invocation; each record is reported separately, so only failed ones are retried."
  type        = number
  default     = 10
}

variable "ingest_max_concurrency" {
  description = "Most concurrent ingest invocations the SQS poller starts (2-1000)."
  type        = number
  default     = 10
}

variable "ingest_max_receive_count" {
  description = "Deliveries of one notification before it moves to the dead-letter queue."
  type        = number
  default     = 5
}

variable "scan_drift_schedule" {
  description = "EventBridge Scheduler expression of the drift scan; the empty ScanRequest it sends runs every monitor that is due."
  type        = string
  default     = "rate(15 minutes)"
}

variable "maintain_tables_schedule" {
  description = "EventBridge Scheduler expression of table maintenance (expire snapshots keeping tags, remove orphan files)."
  type        = string
  default     = "cron(30 3 * * ? *)"
}

variable "profile_batches_schedule" {
  description = "EventBridge Scheduler expression of the profile catch-up: the empty request profiles every committed batch that has none (ingest profiles its own batches after the commit; this covers one that stopped there)."
  type        = string
  default     = "rate(1 hour)"
}

variable "compare_shadow_schedule" {
  description = "Optional EventBridge Scheduler expression for the shadow/canary comparison; null leaves it to HTTP calls and CI."
  type        = string
  default     = null
}

variable "schedule_timezone" {
  description = "Time zone of cron schedules."
  type        = string
  default     = "UTC"
}

variable "api_authorization_type" {
  description = "Auth of the API's Function URL: AWS_IAM (callers sign with SigV4; the Authorization header then carries the signature, so icegate's token travels in its own header) or NONE (icegate's bearer tokens alone)."
  type        = string
  default     = "AWS_IAM"

  validation {
    condition     = contains(["AWS_IAM", "NONE"], var.api_authorization_type)
    error_message = "api_authorization_type must be AWS_IAM or NONE."
  }
}

variable "api_invoker_arns" {
  description = "IAM principals (role or user ARNs, e.g. the CI role) allowed to call the API's Function URL (AWS_IAM auth at the edge; icegate tokens inside)."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  description = "Retention of the functions' CloudWatch log groups."
  type        = number
  default     = 30
}

variable "alarm_actions" {
  description = "SNS topic ARNs notified by the alarms (function errors, dead-letter queue depth)."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
