output "bucket" {
  description = "The icegate bucket (ICEGATE_BUCKET): upload to s3://<bucket>/<prefix>landing/<dataset>/."
  value       = aws_s3_bucket.icegate.bucket
}

output "landing_uri" {
  description = "Where uploads go."
  value       = "s3://${aws_s3_bucket.icegate.bucket}/${var.prefix}landing/"
}

output "warehouse" {
  description = "The Iceberg warehouse (ICEGATE_WAREHOUSE)."
  value       = local.warehouse
}

output "api_url" {
  description = "The API's Function URL (AWS_IAM auth: sign requests with SigV4, service lambda; icegate tokens inside)."
  value       = aws_lambda_function_url.api.function_url
}

output "function_names" {
  description = "Function names by icegate function."
  value       = { for k, f in aws_lambda_function.function : k => f.function_name }
}

output "function_role_arns" {
  description = "Execution role ARN per function."
  value       = { for k, r in aws_iam_role.function : k => r.arn }
}

output "ingest_queue_url" {
  description = "Queue of landing/ notifications consumed by ingest."
  value       = aws_sqs_queue.ingest.id
}

output "dead_letter_queue_urls" {
  description = "Dead-letter queues: ingest notifications that failed every delivery, and failed scheduled invocations."
  value = {
    ingest   = aws_sqs_queue.ingest_dlq.id
    schedule = aws_sqs_queue.schedule_dlq.id
  }
}

output "log_groups" {
  description = "CloudWatch log group per function."
  value       = { for k, g in aws_cloudwatch_log_group.function : k => g.name }
}
