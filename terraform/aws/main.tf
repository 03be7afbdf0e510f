# icegate on AWS: one bucket, six functions over the same zip, the Iceberg catalog in Glue or in
# PostgreSQL (JDBC), S3 notifications through SQS to ingest, schedules for scans and maintenance.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  bucket_name = coalesce(var.bucket_name, "${var.name_prefix}-${local.account_id}-${local.region}")
  bucket_arn  = "arn:${local.partition}:s3:::${local.bucket_name}"
  objects_arn = "${local.bucket_arn}/${var.prefix}*"
  warehouse   = "s3://${local.bucket_name}/${var.prefix}warehouse"

  artifact_dir = coalesce(var.artifact_dir, "${path.module}/../../adapters/aws/target")
  artifact     = "${local.artifact_dir}/icegate-aws-${var.architecture}.zip"

  # The six functions: same zip, one handler class each (adapters/aws, io.icegate.aws).
  functions = {
    ingest = {
      handler = "io.icegate.aws.IngestHandler::handleRequest"
    }
    api = {
      handler = "io.icegate.aws.ApiHandler::handleRequest"
    }
    scan-drift = {
      handler = "io.icegate.aws.ScanDriftHandler::handleRequest"
    }
    compare-shadow = {
      handler = "io.icegate.aws.CompareShadowHandler::handleRequest"
    }
    maintain-tables = {
      handler = "io.icegate.aws.MaintainTablesHandler::handleRequest"
    }
    profile-batches = {
      handler = "io.icegate.aws.ProfileBatchesHandler::handleRequest"
    }
  }

  # Read by io.icegate.infra.aws.AwsIcegate (its ENV_KEYS); AWS_REGION is set by Lambda itself.
  environment_common = {
    ICEGATE_BUCKET       = local.bucket_name
    ICEGATE_PREFIX       = var.prefix
    ICEGATE_CATALOG_TYPE = var.catalog_type
    ICEGATE_WAREHOUSE    = local.warehouse
    JAVA_TOOL_OPTIONS    = var.appcds_archive ? "${var.java_tool_options} -XX:SharedArchiveFile=/var/task/icegate.jsa" : var.java_tool_options
  }
  environment_jdbc = {
    ICEGATE_CATALOG_URI                = var.catalog_uri
    ICEGATE_CATALOG_USER               = var.catalog_user
    ICEGATE_CATALOG_PASSWORD_PARAMETER = var.catalog_password_parameter
  }
  environment = merge(local.environment_common, var.catalog_type == "jdbc" ? local.environment_jdbc : {})

  # Iceberg namespaces icegate uses; with Glue each is a database created here.
  glue_databases = ["icegate", "datasets"]

  password_parameter_arn = var.catalog_password_parameter == null ? null : (
    "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.catalog_password_parameter, "/")}"
  )

  tags = merge({ "app" = "icegate", "icegate:name-prefix" = var.name_prefix }, var.tags)
}

resource "terraform_data" "catalog_settings_check" {
  lifecycle {
    precondition {
      condition     = var.catalog_type == "glue" || (var.catalog_uri != null && var.catalog_password_parameter != null)
      error_message = "catalog_type = jdbc needs catalog_uri and catalog_password_parameter (an SSM SecureString name)."
    }
  }
}

resource "aws_glue_catalog_database" "icegate" {
  for_each = var.catalog_type == "glue" ? toset(local.glue_databases) : toset([])

  name         = each.key
  description  = "icegate Iceberg namespace ${each.key}"
  location_uri = "${local.warehouse}/${each.key}.db"
  tags         = local.tags
}
