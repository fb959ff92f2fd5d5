/** An error that is sent to the client in AWS JSON 1.1 form: {"__type": type, "message": message}. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400
  ) {
    super(message)
    this.name = type
  }
}

export const err = (type: string, message: string, status = 400): ApiError => new ApiError(type, message, status)
