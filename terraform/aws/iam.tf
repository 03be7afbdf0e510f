# One role per function. Every role may write its own logs, read and write objects under the
# prefix (Iceberg's warehouse lives there too) and use the catalog (Glue tables of icegate's two
# databases, or the SSM password of the JDBC catalog); only the ingest role consumes the queue,
# and only the scheduled functions may send failed events to the schedule dead-letter queue.

data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "function" {
  for_each = local.functions

  name               = "${var.name_prefix}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
  tags               = local.tags
}

# What every function needs: its logs, the objects, the catalog.
data "aws_iam_policy_document" "common" {
  for_each = local.functions

  statement {
    sid       = "OwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.function[each.key].arn}:*"]
  }

  statement {
    sid       = "Objects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = [local.objects_arn]
  }

  # Without a condition on s3:prefix: S3 answers a HEAD/GET of a missing key with 404 only to a
  # caller allowed to list the bucket (403 otherwise), and icegate tells "absent" from "denied".
  statement {
    sid       = "ListBucket"
    actions   = ["s3:ListBucket"]
    resources = [local.bucket_arn]
  }

  dynamic "statement" {
    for_each = var.catalog_type == "glue" ? [1] : []
    content {
      sid = "GlueCatalog"
      # tables are created on first use by whichever function touches them first
      actions = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable"]
      resources = concat(
        ["arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog"],
        [for db in local.glue_databases : "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/${db}"],
        [for db in local.glue_databases : "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${db}/*"]
      )
    }
  }

  dynamic "statement" {
    for_each = var.catalog_type == "jdbc" ? [1] : []
    content {
      sid       = "CatalogPassword"
      actions   = ["ssm:GetParameter"]
      resources = [local.password_parameter_arn]
    }
  }

  dynamic "statement" {
    for_each = var.catalog_type == "jdbc" && var.catalog_password_kms_key_arn != null ? [1] : []
    content {
      sid       = "DecryptCatalogPassword"
      actions   = ["kms:Decrypt"]
      resources = [var.catalog_password_kms_key_arn]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["ssm.${local.region}.amazonaws.com"]
      }
    }
  }
}

# ingest: consumes the landing notifications (ReportBatchItemFailures: only failed records return).
data "aws_iam_policy_document" "ingest" {
  source_policy_documents = [data.aws_iam_policy_document.common["ingest"].json]

  statement {
    sid       = "ConsumeLandingQueue"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.ingest.arn]
  }
}

# api: behind the Function URL; nothing beyond the common part.
data "aws_iam_policy_document" "api" {
  source_policy_documents = [data.aws_iam_policy_document.common["api"].json]
}

# Scheduled functions: their failed asynchronous invocations go to the schedule DLQ.
data "aws_iam_policy_document" "scan_drift" {
  source_policy_documents = [data.aws_iam_policy_document.common["scan-drift"].json]

  statement {
    sid       = "FailedInvocations"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.schedule_dlq.arn]
  }
}

data "aws_iam_policy_document" "compare_shadow" {
  source_policy_documents = [data.aws_iam_policy_document.common["compare-shadow"].json]

  statement {
    sid       = "FailedInvocations"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.schedule_dlq.arn]
  }
}

data "aws_iam_policy_document" "maintain_tables" {
  source_policy_documents = [data.aws_iam_policy_document.common["maintain-tables"].json]

  statement {
    sid       = "FailedInvocations"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.schedule_dlq.arn]
  }
}

# The profile catch-up: column profiles of committed batches whose follow-up did not run.
data "aws_iam_policy_document" "profile_batches" {
  source_policy_documents = [data.aws_iam_policy_document.common["profile-batches"].json]

  statement {
    sid       = "FailedInvocations"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.schedule_dlq.arn]
  }
}

locals {
  function_policies = {
    ingest            = data.aws_iam_policy_document.ingest.json
    api               = data.aws_iam_policy_document.api.json
    scan-drift        = data.aws_iam_policy_document.scan_drift.json
    compare-shadow    = data.aws_iam_policy_document.compare_shadow.json
    maintain-tables   = data.aws_iam_policy_document.maintain_tables.json
    profile-batches   = data.aws_iam_policy_document.profile_batches.json
  }
}

resource "aws_iam_role_policy" "function" {
  for_each = local.functions

  name   = "icegate-${each.key}"
  role   = aws_iam_role.function[each.key].id
  policy = local.function_policies[each.key]
}

# Network interfaces in the VPC (private RDS catalog): AWS's managed policy for exactly that.
resource "aws_iam_role_policy_attachment" "vpc" {
  for_each = length(var.vpc_subnet_ids) > 0 ? local.functions : {}

  role       = aws_iam_role.function[each.key].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}
