# The zip (about 100 MB) is above the 50 MB of a direct upload: Lambda takes it from S3, from a
# bucket of its own so no function role can touch deployed code.
resource "aws_s3_bucket" "code" {
  bucket        = "${local.bucket_name}-code"
  force_destroy = true
  tags          = local.tags
}

resource "aws_s3_bucket_public_access_block" "code" {
  bucket                  = aws_s3_bucket.code.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_object" "artifact" {
  bucket = aws_s3_bucket.code.id
  key    = "icegate-aws-${var.architecture}.zip"
  source = local.artifact
  etag   = filemd5(local.artifact)
  tags   = local.tags
}

# Five functions over one zip; each is invoked through its "live" alias, which points at the
# published version (required for SnapStart, harmless without it).

resource "aws_cloudwatch_log_group" "function" {
  for_each = local.functions

  name              = "/aws/lambda/${var.name_prefix}-${each.key}"
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

resource "aws_lambda_function" "function" {
  for_each = local.functions

  function_name    = "${var.name_prefix}-${each.key}"
  description      = "icegate ${each.key}"
  role             = aws_iam_role.function[each.key].arn
  handler          = each.value.handler
  runtime          = var.runtime
  architectures    = [var.architecture]
  s3_bucket        = aws_s3_object.artifact.bucket
  s3_key           = aws_s3_object.artifact.key
  source_code_hash = filebase64sha256(local.artifact)
  memory_size      = var.memory_mb[each.key]
  timeout          = var.timeout_seconds[each.key]
  publish          = true

  ephemeral_storage {
    size = contains(["ingest", "scan-drift", "compare-shadow", "profile-batches"], each.key) ? var.ephemeral_storage_mb : 512
  }

  environment {
    variables = local.environment
  }

  dynamic "snap_start" {
    for_each = var.snapstart ? [1] : []
    content {
      apply_on = "PublishedVersions"
    }
  }

  dynamic "vpc_config" {
    for_each = length(var.vpc_subnet_ids) > 0 ? [1] : []
    content {
      subnet_ids         = var.vpc_subnet_ids
      security_group_ids = var.vpc_security_group_ids
    }
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.function[each.key].name
  }

  tags       = local.tags
  depends_on = [aws_cloudwatch_log_group.function, terraform_data.catalog_settings_check]
}

resource "aws_lambda_alias" "live" {
  for_each = local.functions

  name             = "live"
  function_name    = aws_lambda_function.function[each.key].function_name
  function_version = aws_lambda_function.function[each.key].version
}

# The HTTP API: IAM auth at the edge (SigV4 callers such as CI), icegate's own tokens inside.
resource "aws_lambda_function_url" "api" {
  function_name      = aws_lambda_function.function["api"].function_name
  qualifier          = aws_lambda_alias.live["api"].name
  authorization_type = var.api_authorization_type
}

resource "aws_lambda_permission" "api_url" {
  for_each = var.api_authorization_type == "AWS_IAM" ? toset(var.api_invoker_arns) : toset([])

  statement_id           = "url-${substr(sha256(each.key), 0, 16)}"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.function["api"].function_name
  qualifier              = aws_lambda_alias.live["api"].name
  principal              = each.key
  function_url_auth_type = "AWS_IAM"
}

# With NONE the URL is public and icegate's bearer tokens are the only authentication.
resource "aws_lambda_permission" "api_url_public" {
  count = var.api_authorization_type == "NONE" ? 1 : 0

  statement_id           = "url-public"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.function["api"].function_name
  qualifier              = aws_lambda_alias.live["api"].name
  principal              = "*"
  function_url_auth_type = "NONE"
}

# Scheduled invocations are asynchronous: after Lambda's own retries, failures go to the DLQ.
resource "aws_lambda_function_event_invoke_config" "scheduled" {
  for_each = toset(["scan-drift", "maintain-tables", "compare-shadow", "profile-batches"])

  function_name                = aws_lambda_function.function[each.key].function_name
  qualifier                    = aws_lambda_alias.live[each.key].name
  maximum_retry_attempts       = 1
  maximum_event_age_in_seconds = 3600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.schedule_dlq.arn
    }
  }
}
